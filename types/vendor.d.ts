// Packages that ship no types: the parts we call.
declare module 'stopword' {
  export const eng: string[];
  export const fra: string[];
}

declare module 'snowball-stemmers' {
  const snowball: { newStemmer(language: string): { stem(word: string): string } };
  export default snowball;
}
