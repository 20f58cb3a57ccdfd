"""Build a tiny GPT-2 model and tokenizer from nothing (no download), and a dataset for it,
for the real lm-eval run (lmEvalRun.test.ts).

    buildTinyModel.py MODEL_DIR DATASET.jsonl

The model is random, so its answers are gibberish; to make the scores mean something we ask it
first (greedy, as lm-eval does) and write the dataset so that some reference answers are exactly
its answers and others are not. The expected scores go to stdout as JSON; lm-eval must reproduce
them. Seeded, so reruns are identical.
"""

import json
import re
import sys
from pathlib import Path

import torch
from modelops.lm_eval_task_metrics import token_f1  # PYTHONPATH=tools/modelops
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

SENTENCES = [
    "What is the capital of France? Paris.",
    "What is two plus two? Four.",
    "Translate cat to French: chat.",
    "The quick brown fox jumps over the lazy dog.",
    "Answer: 42",
]


PROMPTS = ["What is two plus two?", "Capital of France?", "Say the answer", "Translate cat"]
MAX_GEN_TOKS = 16
REGEX = r"[a-z]{3}"


def greedy_answer(model, tokenizer, prompt: str) -> str:
    """What lm-eval's HF backend answers for a generate_until request with until ["\\n"]."""
    ids = tokenizer(prompt, return_tensors="pt", add_special_tokens=False).input_ids
    with torch.no_grad():
        out = model.generate(ids, max_new_tokens=MAX_GEN_TOKS, do_sample=False,
                             pad_token_id=tokenizer.eos_token_id, attention_mask=torch.ones_like(ids))
    text = tokenizer.decode(out[0, ids.shape[1]:], skip_special_tokens=False)
    return text.split("\n")[0]


def main(out: Path, dataset: Path) -> None:
    torch.manual_seed(0)
    out.mkdir(parents=True, exist_ok=True)
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=300,
        special_tokens=["<|endoftext|>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tok.train_from_iterator(SENTENCES, trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, eos_token="<|endoftext|>", bos_token="<|endoftext|>", pad_token="<|endoftext|>"
    )
    fast.save_pretrained(out)
    config = GPT2Config(
        vocab_size=len(fast),
        n_positions=256,
        n_embd=32,
        n_layer=2,
        n_head=2,
        bos_token_id=fast.eos_token_id,
        eos_token_id=fast.eos_token_id,
    )
    model = GPT2LMHeadModel(config)
    model.save_pretrained(out)  # writes model.safetensors
    model.eval()
    answers = [greedy_answer(model, fast, p) for p in PROMPTS]
    # Rows 0 and 1 expect exactly the model's answer (exact match 1); row 2 expects only the first
    # regex match in its answer (regex 1, exact match 0); row 3 something else entirely.
    first_match = re.findall(REGEX, answers[2])
    references = [answers[0].strip(), answers[1].strip(), first_match[0] if first_match else "none", "chat"]
    rows = [{"question": q, "answer": a} for q, a in zip(PROMPTS, references, strict=True)]
    dataset.write_text("".join(json.dumps(row) + "\n" for row in rows))
    pairs = list(zip(answers, references, strict=True))
    expected_exact = sum(a.strip().lower() == r.lower() for a, r in pairs) / len(PROMPTS)
    # The regex task compares the first regex match in the answer, not the whole answer.
    words = [(re.findall(REGEX, a) or ["[no match]"])[0] for a in answers]
    expected_regex = sum(w.lower() == r.lower() for w, r in zip(words, references, strict=True)) / len(PROMPTS)
    expected_f1 = sum(token_f1(a, r) for a, r in pairs) / len(PROMPTS)
    json.dump({"answers": answers, "exact_match": expected_exact, "regex": expected_regex, "f1": expected_f1,
               "regex_pattern": REGEX, "max_gen_toks": MAX_GEN_TOKS}, sys.stdout)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
