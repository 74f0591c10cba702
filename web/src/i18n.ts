import type { ApiFailure, Lang } from './api.ts';
import type { DroppedEntries } from './stored.ts';

export type { Lang };

/** Every string the interface shows. One dictionary per language, checked by the compiler. */
export interface Messages {
  appTitle: string;
  appTagline: string;
  skipToQuestion: string;
  language: string;
  languageName: Record<Lang, string>;
  basketLink: (count: number) => string;

  questionLabel: string;
  questionPlaceholder: string;
  questionHint: string;
  send: string;
  sending: string;
  emptyQuestion: string;
  filterLegend: string;
  filterAll: (count: number) => string;
  filterSome: (selected: number, count: number) => string;
  filterSelectAll: string;
  filterNoneSelected: string;
  documentsUnavailable: string;

  conversation: string;
  clearConversation: string;
  confirmClear: string;
  conversationCleared: string;
  introHeading: string;
  introText: string;
  examplesHeading: string;
  examples: string[];
  documentsHeading: string;
  paragraphCount: (count: number) => string;

  you: string;
  answer: string;
  searchedIn: (documents: string) => string;
  loadingAnswer: string;
  answerReady: (quotes: number, passages: number) => string;
  noAnswer: string;
  quotesHeading: string;
  passagesHeading: (count: number) => string;
  possiblyRelatedHeading: (count: number) => string;
  possiblyRelatedNote: string;
  openInDocument: string;
  sectionPrefix: string;

  addToBasket: string;
  addSelection: string;
  inBasket: string;
  showSource: string;
  hideSource: string;
  sourceTextLabel: string;

  errorUnreachable: string;
  errorTimeout: string;
  errorHttp: (status: number, message: string | null) => string;
  retry: string;

  basketHeading: string;
  basketEmpty: string;
  moveUp: (position: number) => string;
  moveDown: (position: number) => string;
  remove: (position: number) => string;
  excerpt: string;
  exportMarkdown: string;
  exportDocx: string;
  copyBasket: string;
  clearBasket: string;
  confirmClearBasket: string;
  basketAdded: (reference: string) => string;
  basketAlreadyThere: string;
  basketRemoved: string;
  basketMoved: (position: number) => string;
  basketCleared: string;
  basketCopied: string;
  clipboardDenied: string;
  exportedMarkdown: string;
  exportedDocx: string;
  exportFailed: (message: string) => string;
  exportTitle: string;

  backToConversation: string;
  loadingDocument: string;
  notFoundHeading: string;
  documentNotFound: string;
  paragraphNotFound: (anchor: string) => string;
  citedParagraph: string;
  copyLink: string;
  linkCopied: (url: string) => string;
  notes: string;

  storageDropped: (dropped: DroppedEntries) => string;
  dismiss: string;
  pageFailed: string;
  resetSavedData: string;
}

const en: Messages = {
  appTitle: 'Migration documents assistant',
  appTagline: 'Ask five UN documents on international migration; every answer quotes the paragraphs it comes from.',
  skipToQuestion: 'Skip to the question box',
  language: 'Language',
  languageName: { en: 'English', fr: 'Français' },
  basketLink: (n) => `Quote basket (${n})`,

  questionLabel: 'Your question (French or English)',
  questionPlaceholder: 'e.g. What about the cost of remittances?',
  questionHint: 'Enter sends · Shift+Enter for a new line',
  send: 'Ask',
  sending: 'Searching…',
  emptyQuestion: 'Type a question first.',
  filterLegend: 'Documents to search',
  filterAll: (n) => `All ${n} documents`,
  filterSome: (k, n) => `${k} of ${n} documents`,
  filterSelectAll: 'Select all',
  filterNoneSelected: 'Choose at least one document to search.',
  documentsUnavailable: 'The list of documents could not be loaded; questions search every document.',

  conversation: 'Conversation',
  clearConversation: 'Clear conversation',
  confirmClear: 'Clear the whole conversation? The quote basket is kept.',
  conversationCleared: 'Conversation cleared.',
  introHeading: 'Ask a question',
  introText:
    'Questions in French or English are answered with the exact passages of the documents, each cited by document and paragraph. Open a citation to read it in context; add quotes to the basket to export them with their references.',
  examplesHeading: 'Examples',
  examples: [
    'What do States commit to on the rights of migrant workers?',
    'Que dit-on des envois de fonds des migrants ?',
    'How should trafficking in persons be fought?',
  ],
  documentsHeading: 'The documents',
  paragraphCount: (n) => `${n} paragraphs`,

  you: 'You',
  answer: 'Answer',
  searchedIn: (docs) => `Searched in: ${docs}`,
  loadingAnswer: 'Looking for the passages that answer…',
  answerReady: (q, p) => `Answer ready: ${q} ${q === 1 ? 'quote' : 'quotes'} from ${p} ${p === 1 ? 'passage' : 'passages'}.`,
  noAnswer: 'Nothing in the documents answers this question.',
  quotesHeading: 'Quotes',
  passagesHeading: (n) => `Passages (${n})`,
  possiblyRelatedHeading: (n) => `Possibly related (${n} ${n === 1 ? 'passage' : 'passages'})`,
  possiblyRelatedNote: 'These passages do not answer the question; they are the closest the documents have.',
  openInDocument: 'Open this paragraph in its document',
  sectionPrefix: 'Section: ',

  addToBasket: 'Add to basket',
  addSelection: 'Add selection to basket',
  inBasket: 'In basket',
  showSource: 'Show source text (OCR)',
  hideSource: 'Hide source text',
  sourceTextLabel: 'Source text as printed, before OCR repair',

  errorUnreachable: 'The server cannot be reached. Check that it is running and your connection, then try again.',
  errorTimeout: 'The server did not answer in time. Try again in a moment.',
  errorHttp: (status, message) =>
    message ? `The server answered with an error: ${message}` : `The server answered with an error (HTTP ${status}).`,
  retry: 'Try again',

  basketHeading: 'Quote basket',
  basketEmpty:
    'Add whole passages, or select a sentence in a passage and add the selection. Export the quotes with their references.',
  moveUp: (i) => `Move quote ${i} up`,
  moveDown: (i) => `Move quote ${i} down`,
  remove: (i) => `Remove quote ${i}`,
  excerpt: 'excerpt',
  exportMarkdown: 'Markdown (.md)',
  exportDocx: 'Word (.docx)',
  copyBasket: 'Copy',
  clearBasket: 'Empty basket',
  confirmClearBasket: 'Remove every quote from the basket?',
  basketAdded: (ref) => `Added to the basket: ${ref}.`,
  basketAlreadyThere: 'This quote is already in the basket.',
  basketRemoved: 'Quote removed from the basket.',
  basketMoved: (i) => `Quote moved to position ${i}.`,
  basketCleared: 'Basket emptied.',
  basketCopied: 'Quotes copied to the clipboard.',
  clipboardDenied: 'The browser refused the clipboard. Download the Markdown or Word file instead.',
  exportedMarkdown: 'Markdown file downloaded.',
  exportedDocx: 'Word document downloaded.',
  exportFailed: (m) => `The export failed: ${m}`,
  exportTitle: 'Quotations',

  backToConversation: 'Back to the conversation',
  loadingDocument: 'Loading the document…',
  notFoundHeading: 'Document not found',
  documentNotFound: 'No document is published at this address. Check the link, or go back to the conversation.',
  paragraphNotFound: (a) => `This document has no paragraph “${a}”.`,
  citedParagraph: 'Cited paragraph',
  copyLink: 'Copy link',
  linkCopied: (url) => `Link copied: ${url}`,
  notes: 'Notes',

  storageDropped: (d) => {
    const parts = [
      d.conversation > 0 ? `${d.conversation} saved ${d.conversation === 1 ? 'question' : 'questions'}` : null,
      d.basket > 0 ? `${d.basket} ${d.basket === 1 ? 'quote' : 'quotes'} from the basket` : null,
      d.lang > 0 ? 'the language choice' : null,
    ];
    return `Some saved data could not be read and was removed: ${parts.filter(Boolean).join(', ')}.`;
  },
  dismiss: 'Dismiss',
  pageFailed: 'The page could not start. Saved data in this browser may be damaged.',
  resetSavedData: 'Clear saved data and reload',
};

const fr: Messages = {
  appTitle: 'Assistant documentaire migrations',
  appTagline:
    'Interrogez cinq documents des Nations Unies sur les migrations internationales ; chaque réponse cite les paragraphes dont elle provient.',
  skipToQuestion: 'Aller au champ de question',
  language: 'Langue',
  languageName: { en: 'English', fr: 'Français' },
  basketLink: (n) => `Panier de citations (${n})`,

  questionLabel: 'Votre question (en français ou en anglais)',
  questionPlaceholder: 'p. ex. Que dit-on des envois de fonds ?',
  questionHint: 'Entrée envoie · Maj+Entrée pour un retour à la ligne',
  send: 'Demander',
  sending: 'Recherche…',
  emptyQuestion: 'Saisissez d’abord une question.',
  filterLegend: 'Documents interrogés',
  filterAll: (n) => `Les ${n} documents`,
  filterSome: (k, n) => `${k} document${k > 1 ? 's' : ''} sur ${n}`,
  filterSelectAll: 'Tout sélectionner',
  filterNoneSelected: 'Choisissez au moins un document à interroger.',
  documentsUnavailable: 'La liste des documents n’a pas pu être chargée ; les questions portent sur tous les documents.',

  conversation: 'Conversation',
  clearConversation: 'Effacer la conversation',
  confirmClear: 'Effacer toute la conversation ? Le panier de citations est conservé.',
  conversationCleared: 'Conversation effacée.',
  introHeading: 'Posez une question',
  introText:
    'Les questions, en français ou en anglais, reçoivent pour réponse les passages exacts des documents, cités par document et paragraphe. Ouvrez une citation pour la lire dans son contexte ; ajoutez des citations au panier pour les exporter avec leurs références.',
  examplesHeading: 'Exemples',
  examples: [
    'Que dit-on des envois de fonds des migrants ?',
    'What do States commit to on the rights of migrant workers?',
    'Comment lutter contre la traite des personnes ?',
  ],
  documentsHeading: 'Les documents',
  paragraphCount: (n) => `${n} paragraphes`,

  you: 'Vous',
  answer: 'Réponse',
  searchedIn: (docs) => `Recherche dans : ${docs}`,
  loadingAnswer: 'Recherche des passages qui répondent…',
  answerReady: (q, p) =>
    `Réponse prête : ${q} citation${q > 1 ? 's' : ''} tirée${q > 1 ? 's' : ''} de ${p} passage${p > 1 ? 's' : ''}.`,
  noAnswer: 'Rien dans les documents ne répond à cette question.',
  quotesHeading: 'Citations',
  passagesHeading: (n) => `Passages (${n})`,
  possiblyRelatedHeading: (n) => `Peut-être en rapport (${n} passage${n > 1 ? 's' : ''})`,
  possiblyRelatedNote: 'Ces passages ne répondent pas à la question ; ce sont les plus proches que contiennent les documents.',
  openInDocument: 'Ouvrir ce paragraphe dans son document',
  sectionPrefix: 'Section : ',

  addToBasket: 'Ajouter au panier',
  addSelection: 'Ajouter la sélection au panier',
  inBasket: 'Dans le panier',
  showSource: 'Afficher le texte source (OCR)',
  hideSource: 'Masquer le texte source',
  sourceTextLabel: 'Texte source tel qu’imprimé, avant correction de l’OCR',

  errorUnreachable:
    'Le serveur est injoignable. Vérifiez qu’il fonctionne et votre connexion, puis réessayez.',
  errorTimeout: 'Le serveur n’a pas répondu à temps. Réessayez dans un instant.',
  errorHttp: (status, message) =>
    message ? `Le serveur a répondu par une erreur : ${message}` : `Le serveur a répondu par une erreur (HTTP ${status}).`,
  retry: 'Réessayer',

  basketHeading: 'Panier de citations',
  basketEmpty:
    'Ajoutez des passages entiers, ou sélectionnez une phrase dans un passage et ajoutez la sélection. Exportez les citations avec leurs références.',
  moveUp: (i) => `Monter la citation ${i}`,
  moveDown: (i) => `Descendre la citation ${i}`,
  remove: (i) => `Retirer la citation ${i}`,
  excerpt: 'extrait',
  exportMarkdown: 'Markdown (.md)',
  exportDocx: 'Word (.docx)',
  copyBasket: 'Copier',
  clearBasket: 'Vider le panier',
  confirmClearBasket: 'Retirer toutes les citations du panier ?',
  basketAdded: (ref) => `Ajouté au panier : ${ref}.`,
  basketAlreadyThere: 'Cette citation est déjà dans le panier.',
  basketRemoved: 'Citation retirée du panier.',
  basketMoved: (i) => `Citation déplacée en position ${i}.`,
  basketCleared: 'Panier vidé.',
  basketCopied: 'Citations copiées dans le presse-papiers.',
  clipboardDenied: 'Le navigateur a refusé l’accès au presse-papiers. Téléchargez plutôt le fichier Markdown ou Word.',
  exportedMarkdown: 'Fichier Markdown téléchargé.',
  exportedDocx: 'Document Word téléchargé.',
  exportFailed: (m) => `L’export a échoué : ${m}`,
  exportTitle: 'Citations',

  backToConversation: 'Retour à la conversation',
  loadingDocument: 'Chargement du document…',
  notFoundHeading: 'Document introuvable',
  documentNotFound: 'Aucun document n’est publié à cette adresse. Vérifiez le lien, ou revenez à la conversation.',
  paragraphNotFound: (a) => `Ce document n’a pas de paragraphe « ${a} ».`,
  citedParagraph: 'Paragraphe cité',
  copyLink: 'Copier le lien',
  linkCopied: (url) => `Lien copié : ${url}`,
  notes: 'Notes',

  storageDropped: (d) => {
    const parts = [
      d.conversation > 0 ? `${d.conversation} question${d.conversation > 1 ? 's' : ''} enregistrée${d.conversation > 1 ? 's' : ''}` : null,
      d.basket > 0 ? `${d.basket} citation${d.basket > 1 ? 's' : ''} du panier` : null,
      d.lang > 0 ? 'le choix de langue' : null,
    ];
    return `Des données enregistrées étaient illisibles et ont été supprimées : ${parts.filter(Boolean).join(', ')}.`;
  },
  dismiss: 'Fermer',
  pageFailed: 'La page n’a pas pu démarrer. Les données enregistrées dans ce navigateur sont peut-être endommagées.',
  resetSavedData: 'Effacer les données enregistrées et recharger',
};

export const messages: Record<Lang, Messages> = { en, fr };

export const LANGS: readonly Lang[] = ['fr', 'en'];

/**
 * The language to show: the one the user chose, else the browser's first French or
 * English preference, else English.
 * @example
 * detectLang(localStorage.getItem('lang'), navigator.languages) // 'fr' for ['fr-CH', 'en']
 */
export function detectLang(chosen: string | null, browserLanguages: readonly string[]): Lang {
  if (chosen === 'fr' || chosen === 'en') return chosen;
  for (const tag of browserLanguages) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'fr' || base === 'en') return base;
  }
  return 'en';
}

/** What to tell the user when a request failed: the server's own message when it gave one. */
export function failureMessage(t: Messages, failure: ApiFailure): string {
  switch (failure.kind) {
    case 'unreachable':
      return t.errorUnreachable;
    case 'timeout':
      return t.errorTimeout;
    case 'http':
      return t.errorHttp(failure.status, failure.message);
  }
}
