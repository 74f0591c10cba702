#!/usr/bin/python3
"""Writes a tiny BERT-shaped sentence model in the transformers.js folder format.

Real weights cannot be downloaded on our machines or in CI, so the neural embedder's
real loading path (local folder -> tokenizer.json -> onnx/model*.onnx -> mean pooling)
is tested on this model instead. Its output is computed here a second time, in numpy,
straight from the weights, and written to expected.json: a test that matches it proves
the vectors come from the ONNX graph, not from some fallback.

    /usr/bin/python3 scripts/make-tiny-model.py

Needs Debian's python3-onnx and python3-numpy (`apt-get install -y python3-onnx
python3-numpy`; run with /usr/bin/python3 if another python3 comes first on PATH).
Deterministic: same corpus, same bytes. The output is checked in, so CI needs no Python.

Writes, under test/fixtures/models/tiny/:
  bert-tiny/config.json, tokenizer.json, tokenizer_config.json   (HF / transformers.js format)
  bert-tiny/onnx/model.onnx            float32 weights
  bert-tiny/onnx/model_quantized.onnx  same graph, uint8 weights + DequantizeLinear, as
                                       Xenova repos ship; its vectors differ slightly, so a
                                       test can tell which file was loaded
  expected.json                        token ids and pooled, normalised vectors of a few texts

The graph, per token t of a sequence with mask m (a one-layer stand-in for an encoder):
  x_t = word[input_id_t] + position[t] + type[token_type_id_t]
  c   = sum_t m_t x_t / sum_t m_t           (uses the mask like attention does, so a
                                             padding bug changes the vectors)
  h_t = tanh((x_t + c) W + b)               -> last_hidden_state [batch, seq, hidden]
"""
import collections
import json
import re
import sys
import unicodedata
from pathlib import Path

try:
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper
except ImportError as error:  # the usual cause is a pyenv/venv python3 without Debian's packages
    sys.exit(f"{error}: install python3-onnx and python3-numpy with apt-get, and run with /usr/bin/python3")

REPO = Path(__file__).resolve().parent.parent
CORPUS_DIR = REPO / "corpus"
OUT_DIR = REPO / "test" / "fixtures" / "models" / "tiny"
MODEL_DIR = OUT_DIR / "bert-tiny"

SEED = 20240611
HIDDEN_SIZE = 16
MAX_POSITIONS = 128  # also the tokenizer's model_max_length, so long paragraphs are truncated, not rejected
CORPUS_WORDS = 420  # most frequent corpus words kept whole; the rest split into pieces
OPSET = 13  # supported by the onnxruntime-node that @xenova/transformers 2.17 ships (1.14)

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

# Common English words, so English questions are not all single-letter pieces.
ENGLISH_WORDS = """
the of and to in a is that for on with as by at from be are was it this which or an not
have has been were their they we our all more other also its can may will should would
between into through about under within such these those who what when where how why
migration migrant migrants migrate international national global human rights right
refugee refugees asylum seekers border borders labour labor work workers worker women
children family families return states state country countries government policy
policies cooperation development protection health education integration trafficking
smuggling persons people report resolution convention declaration assembly council
united nations secretary general commission committee agreement law legal safe orderly
regular irregular data remittances climate change security dialogue forum regional
""".split()

# Frequent word endings in both languages, so unknown words split into meaningful pieces.
SUFFIXES = """
s es e ent ion ions tion tions ment ments ique iques eur eurs ite ale aux ais er ed ing
ly al ty ies ity ance ence ive able
""".split()

# Texts whose ids and vectors expected.json records; a mix of French, English, accents,
# apostrophes, punctuation and a word outside the vocabulary.
PROBE_TEXTS = [
    "Les migrations internationales et les droits de l'homme.",
    "Protection of migrant workers and their families",
    "Déclaration ministérielle sur les migrations : xylophone !",
]


# --- tokenizer: BertNormalizer (lowercase, strip accents) + BertPreTokenizer + WordPiece ---

def normalize(text):
    """As the HF BertNormalizer with lowercase=true, strip_accents=null (i.e. stripped)."""
    cleaned = []
    for char in text:
        code = ord(char)
        if code == 0 or code == 0xFFFD or (unicodedata.category(char).startswith("C") and char not in "\t\n\r"):
            continue
        cleaned.append(" " if char.isspace() else char)
    text = "".join(cleaned).lower()
    # transformers.js strips U+0300..U+036F after NFD; the Rust library strips category Mn.
    # The two agree on the Latin text this model sees.
    return re.sub("[\u0300-\u036f]", "", unicodedata.normalize("NFD", text))


def is_punctuation(char):
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def pre_tokenize(text):
    """Splits on whitespace, and every punctuation character is a word of its own."""
    words, current = [], []
    for char in text:
        if char.isspace() or is_punctuation(char):
            if current:
                words.append("".join(current))
                current = []
            if is_punctuation(char):
                words.append(char)
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return words


def wordpiece(word, vocab, max_chars=100):
    """Greedy longest-match-first, as the HF WordPiece model."""
    if len(word) > max_chars:
        return ["[UNK]"]
    pieces, start = [], 0
    while start < len(word):
        end, piece = len(word), None
        while start < end:
            candidate = word[start:end] if start == 0 else "##" + word[start:end]
            if candidate in vocab:
                piece = candidate
                break
            end -= 1
        if piece is None:
            return ["[UNK]"]
        pieces.append(piece)
        start = end
    return pieces


def encode(text, vocab):
    tokens = ["[CLS]"]
    for word in pre_tokenize(normalize(text)):
        tokens.extend(wordpiece(word, vocab))
    tokens = tokens[: MAX_POSITIONS - 1] + ["[SEP]"]
    return [vocab[token] for token in tokens]


def build_vocab():
    """Specials, every character seen (whole and as a ## continuation), suffixes, frequent words."""
    text = normalize(" ".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.txt"))))
    words = pre_tokenize(text)
    chars = sorted({c for w in words for c in w} | set("abcdefghijklmnopqrstuvwxyz0123456789"))
    counts = collections.Counter(w for w in words if len(w) > 1 and not w.isdigit())
    # Ties broken alphabetically so the vocabulary does not depend on dict order.
    frequent = [w for w, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:CORPUS_WORDS]]

    tokens = list(SPECIAL_TOKENS)
    tokens += chars
    tokens += ["##" + c for c in chars if not is_punctuation(c)]
    tokens += ["##" + s for s in SUFFIXES]
    tokens += frequent + ENGLISH_WORDS
    vocab = {}
    for token in tokens:
        vocab.setdefault(token, len(vocab))
    return vocab


def tokenizer_json(vocab):
    cls_id, sep_id = vocab["[CLS]"], vocab["[SEP]"]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": vocab[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True}
            for t in SPECIAL_TOKENS
        ],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {
                "[CLS]": {"id": "[CLS]", "ids": [cls_id], "tokens": ["[CLS]"]},
                "[SEP]": {"id": "[SEP]", "ids": [sep_id], "tokens": ["[SEP]"]},
            },
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": vocab},
    }


# --- weights, graph, and the same computation in numpy ---

def make_weights(vocab_size):
    rng = np.random.default_rng(SEED)
    return {
        "word": rng.normal(0.0, 1.0, (vocab_size, HIDDEN_SIZE)).astype(np.float32),
        "position": rng.normal(0.0, 0.1, (MAX_POSITIONS, HIDDEN_SIZE)).astype(np.float32),
        "type": rng.normal(0.0, 0.1, (2, HIDDEN_SIZE)).astype(np.float32),
        "dense": rng.normal(0.0, 1.0 / np.sqrt(HIDDEN_SIZE), (HIDDEN_SIZE, HIDDEN_SIZE)).astype(np.float32),
        "bias": rng.normal(0.0, 0.1, (HIDDEN_SIZE,)).astype(np.float32),
    }


def quantize_uint8(matrix):
    """Per-tensor asymmetric uint8, the scheme of onnxruntime's dynamic quantization."""
    low, high = min(float(matrix.min()), 0.0), max(float(matrix.max()), 0.0)
    scale = np.float32((high - low) / 255.0)
    zero_point = np.uint8(round(-low / float(scale)))
    q = np.clip(np.round(matrix / scale) + zero_point, 0, 255).astype(np.uint8)
    return q, scale, zero_point


def dequantize(q, scale, zero_point):
    # As DequantizeLinear: (q - zero_point) * scale, in float32.
    return ((q.astype(np.int32) - np.int32(zero_point)).astype(np.float32) * scale).astype(np.float32)


def build_graph(weights, quantized):
    initializers, nodes = [], []

    def constant(name, array):
        initializers.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def matrix(name, array):
        """A float matrix, or uint8 + DequantizeLinear when quantized (what shrinks Xenova's files)."""
        if not quantized:
            return constant(name, array)
        q, scale, zero_point = quantize_uint8(array)
        constant(name + "_quantized", q)
        constant(name + "_scale", np.array(scale, dtype=np.float32))
        constant(name + "_zero_point", np.array(zero_point, dtype=np.uint8))
        nodes.append(helper.make_node("DequantizeLinear", [name + "_quantized", name + "_scale", name + "_zero_point"], [name]))
        return name

    word = matrix("word_embeddings", weights["word"])
    dense = matrix("dense_weight", weights["dense"])
    position = constant("position_embeddings", weights["position"])
    token_type = constant("token_type_embeddings", weights["type"])
    bias = constant("dense_bias", weights["bias"])
    constant("one_index", np.array(1, dtype=np.int64))
    constant("zero", np.array(0, dtype=np.int64))
    constant("one", np.array(1, dtype=np.int64))
    constant("axis_1", np.array([1], dtype=np.int64))
    constant("axis_2", np.array([2], dtype=np.int64))

    nodes += [
        helper.make_node("Gather", [word, "input_ids"], ["word_vectors"]),
        helper.make_node("Shape", ["input_ids"], ["input_shape"]),
        helper.make_node("Gather", ["input_shape", "one_index"], ["sequence_length"]),
        helper.make_node("Range", ["zero", "sequence_length", "one"], ["position_ids"]),
        helper.make_node("Gather", [position, "position_ids"], ["position_vectors"]),
        helper.make_node("Gather", [token_type, "token_type_ids"], ["type_vectors"]),
        helper.make_node("Add", ["word_vectors", "position_vectors"], ["sum_1"]),
        helper.make_node("Add", ["sum_1", "type_vectors"], ["token_vectors"]),
        helper.make_node("Cast", ["attention_mask"], ["mask_float"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["mask_float", "axis_2"], ["mask_3d"]),
        helper.make_node("Mul", ["token_vectors", "mask_3d"], ["masked_vectors"]),
        helper.make_node("ReduceSum", ["masked_vectors", "axis_1"], ["vector_sum"], keepdims=1),
        helper.make_node("ReduceSum", ["mask_3d", "axis_1"], ["mask_count"], keepdims=1),
        helper.make_node("Div", ["vector_sum", "mask_count"], ["context"]),
        helper.make_node("Add", ["token_vectors", "context"], ["mixed"]),
        helper.make_node("MatMul", ["mixed", dense], ["projected"]),
        helper.make_node("Add", ["projected", bias], ["pre_activation"]),
        helper.make_node("Tanh", ["pre_activation"], ["last_hidden_state"]),
    ]
    int_input = lambda name: helper.make_tensor_value_info(name, TensorProto.INT64, ["batch_size", "sequence_length"])
    graph = helper.make_graph(
        nodes,
        "bert_tiny",
        [int_input("input_ids"), int_input("attention_mask"), int_input("token_type_ids")],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch_size", "sequence_length", HIDDEN_SIZE])],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="make-tiny-model.py")
    onnx.checker.check_model(model)
    return model


def reference_embedding(weights, ids, quantized):
    """The graph above for one unpadded sequence, then mean pooling and L2 normalisation."""
    word, dense = weights["word"], weights["dense"]
    if quantized:
        word, dense = dequantize(*quantize_uint8(word)), dequantize(*quantize_uint8(dense))
    ids = np.asarray(ids)
    x = word[ids] + weights["position"][: len(ids)] + weights["type"][np.zeros_like(ids)]
    hidden = np.tanh((x + x.mean(axis=0, keepdims=True)) @ dense + weights["bias"])
    pooled = hidden.astype(np.float64).mean(axis=0)
    return pooled / np.linalg.norm(pooled)


def write_json(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main():
    vocab = build_vocab()
    weights = make_weights(len(vocab))
    (MODEL_DIR / "onnx").mkdir(parents=True, exist_ok=True)

    write_json(MODEL_DIR / "config.json", {
        "_comment": "Tiny test model written by scripts/make-tiny-model.py; not a trained model.",
        "model_type": "bert",
        "architectures": ["BertModel"],
        "hidden_size": HIDDEN_SIZE,
        "vocab_size": len(vocab),
        "max_position_embeddings": MAX_POSITIONS,
        "type_vocab_size": 2,
        "num_hidden_layers": 1,
        "num_attention_heads": 1,
        "intermediate_size": HIDDEN_SIZE,
        "hidden_act": "tanh",
        "pad_token_id": vocab["[PAD]"],
    })
    write_json(MODEL_DIR / "tokenizer.json", tokenizer_json(vocab))
    write_json(MODEL_DIR / "tokenizer_config.json", {
        "tokenizer_class": "BertTokenizer",
        "do_lower_case": True,
        "strip_accents": None,
        "model_max_length": MAX_POSITIONS,
        "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]", "mask_token": "[MASK]",
        "clean_up_tokenization_spaces": True,
    })
    onnx.save(build_graph(weights, quantized=False), str(MODEL_DIR / "onnx" / "model.onnx"))
    onnx.save(build_graph(weights, quantized=True), str(MODEL_DIR / "onnx" / "model_quantized.onnx"))

    probes = []
    for text in PROBE_TEXTS:
        ids = encode(text, vocab)
        probes.append({
            "text": text,
            "input_ids": ids,
            "embedding": [round(float(v), 7) for v in reference_embedding(weights, ids, quantized=False)],
            "embedding_quantized": [round(float(v), 7) for v in reference_embedding(weights, ids, quantized=True)],
        })
    write_json(OUT_DIR / "expected.json", {
        "_comment": "Computed in numpy from the weights by scripts/make-tiny-model.py (mean pooling, L2-normalised).",
        "model": "tiny/bert-tiny",
        "hidden_size": HIDDEN_SIZE,
        "vocab_size": len(vocab),
        "probes": probes,
    })

    files = sorted(p for p in OUT_DIR.rglob("*") if p.is_file())
    total = sum(p.stat().st_size for p in files)
    for p in files:
        print(f"{p.stat().st_size:>8}  {p.relative_to(REPO)}")
    print(f"{total:>8}  total ({len(vocab)} tokens, hidden size {HIDDEN_SIZE})")


if __name__ == "__main__":
    main()
