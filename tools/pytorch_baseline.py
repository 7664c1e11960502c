#!/usr/bin/env python3
"""PyTorch's own modules on the cells of a seqbench sweep, written as a run record seqbench reads.

    tools/pytorch_baseline.py --device cuda --profile quick --out runs/pytorch-cuda
    tools/pytorch_baseline.py --device cpu --kinds lstm,transformer --seq-lens 16,64 --batches 1,8 --threads 1
    tools/pytorch_baseline.py --check-case case.safetensors [--device cuda] [--tolerance 1e-4]

Measuring: every cell of the sweep (a profile of the harness, the flags overriding it) runs PyTorch's own
nn.RNN / nn.LSTM / nn.GRU (batch_first, the head on out[:, -1, :]) or the Transformer classifier of seqbench's
contract (Linear(input, d) * sqrt(d) + sinusoidal PE, nn.TransformerEncoder of post-norm ReLU layers, dropout 0,
eps 1e-5, the head on the last position), in eval mode under torch.inference_mode(). Each cell gets several
trials, run as separate rounds over the cells in a seeded random order as `seqbench run` interleaves its trials;
a trial builds the model afresh, warms it up, then times one forward pass after another (CUDA events around the
forward pass and the copy of its output to the host on cuda, where seqbench's GPU backend returns its output on
the host too; time.perf_counter_ns on the cpu). The record, <out>/run.json, is written after every trial; read it
with `seqbench report` (beside seqbench's own runs) and `seqbench compare`.

Checking: --check-case reads a file written by `seqbench export` (PyTorch state_dict names, the input, the output,
the spec in the seqbench.spec metadata), loads the weights with load_state_dict(strict=True), runs the input and
prints the largest absolute and relative difference from the file's output. Exit 0 within --tolerance, 1 beyond
it, 2 for bad input.

Needs only Python 3 and PyTorch (1.13 or newer).
"""

import argparse
import datetime
import gc
import glob
import inspect
import json
import math
import os
import platform
import random
import re
import socket
import struct
import subprocess
import sys
import time
import warnings
import zipfile

PROGRAM = "pytorch_baseline.py"
BACKEND_ID = "pytorch"
SCHEMA_VERSION = 9  # org.seqbench.results.RunRecord.SCHEMA_VERSION, whose fields this writes
KINDS = ("rnn", "lstm", "gru", "transformer")
GATE_BLOCKS = {"rnn": 1, "lstm": 4, "gru": 3}
CONFIDENCE = 0.95
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROFILE_RESOURCE = "org/seqbench/harness/profiles"
PROFILE_FOLDER = os.path.join(ROOT, "harness", "src", "main", "resources", *PROFILE_RESOURCE.split("/"))
# The same pattern as the harness's EnvironmentProbe: variables that change how many threads native code starts.
THREAD_VARIABLES = re.compile(
    r"^(OMP_.*|GOMP_.*|KMP_.*|OPENBLAS_.*|MKL_NUM_THREADS|MKL_DYNAMIC|VECLIB_MAXIMUM_THREADS|NUMEXPR_.*)$")

torch = None  # imported after the arguments are checked, so that a typo is answered at once


class UserError(Exception):
    """A mistake in the input: one line, exit status 2, no traceback."""


class Parser(argparse.ArgumentParser):
    def error(self, message):
        if message.startswith("unrecognized arguments"):
            message += "; see --help for the accepted ones"
        raise UserError(message)


# ---------------------------------------------------------------------------------------------------------------
# Arguments


def _list_of(item, example):
    """A comma-separated list for argparse, each element checked by item(text); argparse names the flag."""
    def parse(text):
        values = [part.strip() for part in text.split(",")]
        if any(not value for value in values):
            raise argparse.ArgumentTypeError("%r has an empty element; accepted: a comma-separated list such as %s"
                                             % (text, example))
        return [item(value) for value in values]
    return parse


def _integer(lowest, words):
    def parse(text):
        try:
            number = int(text)
        except ValueError:
            number = None
        if number is None or number < lowest:
            raise argparse.ArgumentTypeError("got %r; accepted: %s" % (text, words))
        return number
    return parse


_positive = _integer(1, "a positive integer")
_count = _integer(0, "0 or a positive integer")


def _thread_count(text):
    if text == "all-cores":
        return logical_cores()
    return _integer(0, "0 (PyTorch's default), a positive integer or all-cores")(text)


def _kind(text):
    if text.lower() not in KINDS:
        raise argparse.ArgumentTypeError("unknown kind %r; accepted: %s" % (text, ", ".join(KINDS)))
    return text.lower()


def _precision(text):
    if text.lower() not in ("fp32", "tf32"):
        raise argparse.ArgumentTypeError("unknown precision %r; accepted: fp32, tf32 (cuda only)" % text)
    return text.lower()


def _positive_number(example):
    def parse(text):
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not (value > 0 and math.isfinite(value)):
            raise argparse.ArgumentTypeError("got %r; accepted: a positive number such as %s" % (text, example))
        return value
    return parse


def _device(text):
    if text == "cpu" or text == "cuda" or re.fullmatch(r"cuda:[0-9]+", text):
        return text
    raise argparse.ArgumentTypeError("%r is not a device; accepted: cpu, cuda or cuda:N (a device ordinal)" % text)


def parser():
    p = Parser(prog=PROGRAM, description="Measure seqbench's cells with PyTorch's own modules and write a seqbench "
               "run record, or check an exported case against PyTorch.",
               epilog="Lists are comma-separated. Without --profile the harness's quick profile is the base; each "
               "list or size given replaces the profile's.")
    p.add_argument("--device", metavar="DEVICE", type=_device, default="cpu", help="cpu (default), cuda or cuda:N")
    p.add_argument("--profile", metavar="NAME", help="a profile of the harness (%s) or a profile YAML file" % ", ".join(
        profile_names()) + "; default quick")
    p.add_argument("--kinds", metavar="LIST", type=_list_of(_kind, "lstm,transformer"),
                   help="rnn, lstm, gru, transformer")
    p.add_argument("--seq-lens", "--seq", metavar="LIST", type=_list_of(_positive, "16,64,256"),
                   help="sequence lengths")
    p.add_argument("--batches", "--batch", metavar="LIST", type=_list_of(_positive, "1,8"), help="batch sizes")
    p.add_argument("--hidden-sizes", "--hidden", metavar="LIST", type=_list_of(_positive, "64,128"),
                   help="hidden sizes (d_model for the transformer)")
    p.add_argument("--layers", metavar="LIST", type=_list_of(_positive, "1,2"), help="layer counts")
    p.add_argument("--threads", metavar="LIST", type=_list_of(_thread_count, "1,all-cores"),
                   help="torch.set_num_threads per cell: 0 (PyTorch's default), N or all-cores")
    p.add_argument("--input-size", metavar="N", type=_positive, help="features per time step")
    p.add_argument("--heads", metavar="N", type=_positive, help="attention heads (transformer)")
    p.add_argument("--ffn-ratio", metavar="N", type=_positive, help="feed-forward width / d_model")
    p.add_argument("--output-size", metavar="N", type=_integer(0, "0 (no head) or a positive integer"),
                   help="width of the last-step head; 0 measures the encoder alone")
    p.add_argument("--bidirectional", action="store_const", const=True, default=None,
                   help="bidirectional recurrent kinds")
    p.add_argument("--arithmetic", metavar="LIST", type=_list_of(_precision, "fp32,tf32"),
                   help="fp32 (default: IEEE float32, TF32 off) and, on cuda, tf32 (TF32 tensor cores in cuBLAS "
                   "and cuDNN)")
    p.add_argument("--trials", metavar="N", type=_positive, help="trials per cell (default: the profile's)")
    p.add_argument("--warmup-iterations", metavar="N", type=_count)
    p.add_argument("--warmup-seconds", metavar="S", type=_positive_number("0.25"))
    p.add_argument("--iterations", metavar="N", type=_positive, help="measured iterations per trial")
    p.add_argument("--iteration-seconds", metavar="S", type=_positive_number("0.2"),
                   help="length of each warm-up and measured iteration")
    p.add_argument("--seed", metavar="N", type=_count,
                   help="seed of weights, inputs and the trials' order")
    p.add_argument("--tolerance", metavar="X", type=_positive_number("1e-4"),
                   help="with --check-case: the largest relative difference accepted (default 1e-4); when "
                   "measuring: the absolute error against float64 each cell is held to (default: the profile's)")
    p.add_argument("--out", metavar="DIR", help="the run directory to write run.json into (default runs/<run id>)")
    p.add_argument("--force", action="store_true", help="write into --out even if it holds a run.json")
    p.add_argument("--dry-run", action="store_true", help="list the cells and the time they take at least; "
                   "measure nothing (needs no PyTorch)")
    p.add_argument("--check-case", metavar="FILE", help="check a `seqbench export` file against PyTorch")
    return p


# ---------------------------------------------------------------------------------------------------------------
# Profiles: the harness's flat YAML files, read without PyYAML


def profile_names():
    names = set()
    if os.path.isdir(PROFILE_FOLDER):
        names.update(name[:-5] for name in os.listdir(PROFILE_FOLDER) if name.endswith(".yaml"))
    for jar in _harness_jars():
        try:
            with zipfile.ZipFile(jar) as archive:
                names.update(os.path.basename(entry)[:-5] for entry in archive.namelist()
                             if entry.startswith(PROFILE_RESOURCE + "/") and entry.endswith(".yaml"))
        except (OSError, zipfile.BadZipFile):
            continue
    return sorted(names)


def _harness_jars():
    # Outside a source checkout (a copied bundle), the profiles are resources of the harness jar beside the script.
    if os.path.isdir(PROFILE_FOLDER):
        return []
    found = []
    for pattern in ("*harness*.jar", "*/*harness*.jar", "*/*/*harness*.jar"):
        found.extend(sorted(glob.glob(os.path.join(ROOT, pattern))))
    return found


def read_profile(name):
    if name.endswith((".yaml", ".yml")) and os.path.isfile(name):
        with open(name, encoding="utf-8") as file:
            return os.path.splitext(os.path.basename(name))[0], parse_flat_yaml(file.read(), name)
    path = os.path.join(PROFILE_FOLDER, name + ".yaml")
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as file:
            return name, parse_flat_yaml(file.read(), path)
    for jar in _harness_jars():
        try:
            with zipfile.ZipFile(jar) as archive:
                text = archive.read(PROFILE_RESOURCE + "/" + name + ".yaml").decode("utf-8")
                return name, parse_flat_yaml(text, jar + "!/" + name + ".yaml")
        except (KeyError, OSError, zipfile.BadZipFile):
            continue
    names = profile_names()
    if not names:
        raise UserError("no harness profiles beside this script (neither %s nor a harness jar), so --profile %s "
                        "cannot be read; accepted: --profile with a profile YAML file" % (PROFILE_FOLDER, name))
    raise UserError("--profile %r: no such profile; accepted: %s, or a profile YAML file" % (name, ", ".join(names)))


def parse_flat_yaml(text, source):
    """The profiles' YAML: `key: value` lines, values scalars, [flow, lists] or {flow: maps}; # comments."""
    values = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()  # no profile value holds a '#'
        if not line:
            continue
        key, colon, value = line.partition(":")
        if not colon or not key.strip():
            raise UserError("%s line %d: expected 'key: value', got %r" % (source, number, raw.strip()))
        values[key.strip()] = _yaml_value(value.strip(), source, number)
    return values


def _yaml_value(text, source, number):
    if text.startswith("[") or text.startswith("{"):
        closing = "]" if text.startswith("[") else "}"
        if not text.endswith(closing):
            raise UserError("%s line %d: %r does not end with %r" % (source, number, text, closing))
        parts = [part.strip() for part in text[1:-1].split(",") if part.strip()]
        if closing == "]":
            return [_yaml_scalar(part) for part in parts]
        mapping = {}
        for part in parts:
            key, colon, value = part.partition(":")
            if not colon:
                raise UserError("%s line %d: expected 'key: value' in %r" % (source, number, text))
            mapping[key.strip()] = _yaml_scalar(value.strip())
        return mapping
    return _yaml_scalar(text)


def _yaml_scalar(text):
    if text in ("true", "false"):
        return text == "true"
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return text


# ---------------------------------------------------------------------------------------------------------------
# The sweep


class Sweep:
    def __init__(self, arguments):
        name, profile = read_profile(arguments.profile or "quick")
        measurement = profile.get("measurement") or {}
        overridden = False

        def pick(flag, key, check):
            nonlocal overridden
            if flag is not None:
                overridden = True
                return flag
            if key not in profile:
                flag_name = "--" + re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), key)
                raise UserError("profile %s has no %r; give %s" % (name, key, flag_name))
            return check(key, profile[key])

        self.kinds = pick(arguments.kinds, "kinds", _from_profile(_kind))
        self.seq_lens = pick(arguments.seq_lens, "seqLens", _from_profile(_positive))
        self.batches = pick(arguments.batches, "batches", _from_profile(_positive))
        self.hidden_sizes = pick(arguments.hidden_sizes, "hiddenSizes", _from_profile(_positive))
        self.layers = pick(arguments.layers, "layers", _from_profile(_positive))
        self.threads = pick(arguments.threads, "threads", _from_profile(_thread_count))
        self.input_size = pick(arguments.input_size, "inputSize", _from_profile(_positive))
        self.heads = pick(arguments.heads, "heads", _from_profile(_positive))
        self.ffn_ratio = pick(arguments.ffn_ratio, "ffnRatio", _from_profile(_positive))
        self.output_size = pick(arguments.output_size, "outputSize", _from_profile(_count))
        self.bidirectional = pick(arguments.bidirectional, "bidirectional", _profile_bool)
        self.seed = pick(arguments.seed, "seed", _from_profile(_count))
        self.tolerance = arguments.tolerance if arguments.tolerance is not None \
            else float(profile.get("tolerance", 1e-4))
        if arguments.tolerance is not None:
            overridden = True
        self.precisions = arguments.arithmetic or ["fp32"]
        if arguments.arithmetic:
            overridden = True

        def measured(flag, key, fallback, convert):
            nonlocal overridden
            if flag is not None:
                overridden = True
                return flag
            return _from_profile(convert)("measurement." + key, measurement.get(key, fallback))

        seconds = _positive_number("0.2")
        self.trials = measured(arguments.trials, "trials", 6, _positive)
        self.warmup_iterations = measured(arguments.warmup_iterations, "warmupIterations", 1, _count)
        self.iterations = measured(arguments.iterations, "iterations", 3, _positive)
        self.warmup_seconds = measured(arguments.warmup_seconds or arguments.iteration_seconds, "warmupSeconds", 0.25,
                                       seconds)
        self.iteration_seconds = measured(arguments.iteration_seconds, "iterationSeconds", 0.2, seconds)
        self.profile = name + ("+custom" if overridden else "")
        self.profile_name = name
        if arguments.device == "cpu" and "tf32" in self.precisions:
            raise UserError("--arithmetic tf32: TF32 is a format of NVIDIA tensor cores; with --device cpu accepted: "
                            "fp32")

    def specs(self):
        """Every cell in the harness planner's order (hidden, layers, threads, batch, seq, kind), with its spec."""
        cells = []
        for hidden in self.hidden_sizes:
            for layers in self.layers:
                for threads in self.threads:
                    for batch in self.batches:
                        for seq_len in self.seq_lens:
                            for kind in self.kinds:
                                spec = self.spec(kind, hidden, layers)
                                for precision in self.precisions:
                                    cells.append((spec, seq_len, batch, threads, precision))
        return cells

    def spec(self, kind, hidden, layers):
        recurrent = kind != "transformer"
        spec = {"kind": kind, "inputSize": self.input_size, "hiddenSize": hidden, "layers": layers,
                "bidirectional": bool(self.bidirectional) and recurrent, "heads": 0 if recurrent else self.heads,
                "ffnSize": 0 if recurrent else self.ffn_ratio * hidden, "outputSize": self.output_size}
        problem = spec_problem(spec)
        if problem:
            raise UserError("hidden size %d and the other sizes make no valid %s model: %s" % (hidden, kind, problem))
        return spec

    def record(self):
        measurement = {"trials": self.trials, "warmupIterations": self.warmup_iterations,
                       "warmupSeconds": self.warmup_seconds, "iterations": self.iterations,
                       "iterationSeconds": self.iteration_seconds}
        return {"profile": self.profile, "backends": [BACKEND_ID], "kinds": self.kinds, "seqLens": self.seq_lens,
                "batches": self.batches, "hiddenSizes": self.hidden_sizes, "layers": self.layers,
                "threads": self.threads, "inputSize": self.input_size, "heads": self.heads,
                "ffnRatio": self.ffn_ratio, "outputSize": self.output_size, "bidirectional": bool(self.bidirectional),
                "variants": "default", "arithmetic": list(self.precisions), "seed": self.seed,
                "tolerance": self.tolerance, "measurement": measurement, "engineOptions": {}}


def _listed(key, value):
    if not isinstance(value, list) or not value:
        raise UserError("the profile's %s is %r; accepted: a non-empty [list]" % (key, value))
    return value


def _from_profile(convert):
    """A profile's value checked by an argument converter, its complaint naming the profile's key."""
    def check(key, value):
        try:
            if isinstance(value, list):
                return [convert(str(element)) for element in _listed(key, value)]
            if isinstance(value, bool):
                raise argparse.ArgumentTypeError("got %r; accepted: a number" % value)
            return convert(str(value))
        except argparse.ArgumentTypeError as e:
            raise UserError("the profile's %s: %s" % (key, e))
    return check


def _profile_bool(key, value):
    if not isinstance(value, bool):
        raise UserError("the profile's %s is %r; accepted: true or false" % (key, value))
    return value


def spec_problem(spec):
    """What makes a spec no model, in ModelSpec's words, or None."""
    for field in ("inputSize", "hiddenSize", "layers"):
        if spec[field] <= 0:
            return "%s must be a positive integer, got %d" % (field, spec[field])
    if spec["outputSize"] < 0:
        return "outputSize must be 0 (no head) or a positive integer, got %d" % spec["outputSize"]
    if spec["kind"] == "transformer":
        if spec["bidirectional"]:
            return "bidirectional applies to rnn, lstm and gru only; the transformer needs bidirectional=false"
        for field in ("heads", "ffnSize"):
            if spec[field] <= 0:
                return "%s must be a positive integer, got %d" % (field, spec[field])
        if spec["hiddenSize"] % 2:
            return "hiddenSize (d_model) must be even for the sinusoidal positional encoding, got %d" % (
                spec["hiddenSize"])
        if spec["hiddenSize"] % spec["heads"]:
            return "hiddenSize (d_model) %d must be divisible by heads %d" % (spec["hiddenSize"], spec["heads"])
    elif spec["heads"] or spec["ffnSize"]:
        return "heads and ffnSize apply to the transformer only; %s needs 0" % spec["kind"]
    return None


def describe(spec):
    """ModelSpec.describe(): lstm I=64 H=128 L=2 bi O=10."""
    recurrent = spec["kind"] != "transformer"
    text = "%s I=%d %s=%d L=%d" % (spec["kind"], spec["inputSize"], "H" if recurrent else "d", spec["hiddenSize"],
                                   spec["layers"])
    if spec["bidirectional"]:
        text += " bi"
    if not recurrent:
        text += " heads=%d ffn=%d" % (spec["heads"], spec["ffnSize"])
    return text + (" O=%d" % spec["outputSize"] if spec["outputSize"] else " no-head")


def directions(spec):
    return 2 if spec["bidirectional"] else 1


def work(spec, batch, seq_len):
    """org.seqbench.core.Work.of: FLOPs, bytes and sequential steps of one forward pass, by the same formulas."""
    positions = batch * seq_len
    d = spec["hiddenSize"]
    width = d * directions(spec)
    values = parameter_count(spec) + positions * spec["inputSize"]
    flops = 0
    if spec["kind"] != "transformer":
        rows = GATE_BLOCKS[spec["kind"]] * d
        for layer in range(spec["layers"]):
            layer_input = spec["inputSize"] if layer == 0 else width
            flops += (2 * rows * (layer_input + d) + 2 * rows) * positions * directions(spec)
        values += 2 * positions * width * spec["layers"]
        steps = seq_len * spec["layers"]
    else:
        t, ffn = seq_len, spec["ffnSize"]
        flops += 2 * positions * spec["inputSize"] * d + positions * d
        per_layer = (2 * t * d * 3 * d + t * 3 * d + 2 * 2 * t * t * d + 2 * t * d * d + t * d
                     + 2 * t * d * ffn + t * ffn + 2 * t * ffn * d + t * d)
        flops += per_layer * batch * spec["layers"]
        attention_values = 2 * batch * spec["heads"] * seq_len * seq_len * spec["layers"]
        values += 2 * positions * d + 2 * positions * d * spec["layers"] + attention_values
        steps = spec["layers"]
    if spec["outputSize"]:
        flops += (2 * width + 1) * spec["outputSize"] * batch
        values += batch * spec["outputSize"]
    return {"flops": flops, "bytes": values * 4, "sequentialSteps": steps}


def parameter_count(spec):
    """org.seqbench.core.Parameters.of(spec).total()."""
    d = spec["hiddenSize"]
    width = d * directions(spec)
    if spec["kind"] != "transformer":
        gates = GATE_BLOCKS[spec["kind"]]
        count = 0
        for layer in range(spec["layers"]):
            layer_input = spec["inputSize"] if layer == 0 else width
            count += directions(spec) * gates * (d * (layer_input + d) + 2 * d)
    else:
        ffn = spec["ffnSize"]
        count = d * spec["inputSize"] + d + spec["layers"] * (4 * d * d + 4 * d + 2 * ffn * d + ffn + d + 4 * d)
    if spec["outputSize"]:
        count += width * spec["outputSize"] + spec["outputSize"]
    return count


# ---------------------------------------------------------------------------------------------------------------
# The models: the classes of seqbench's contract, with PyTorch state_dict names (README, "PyTorch")


def model_classes():
    nn = torch.nn

    class RecurrentClassifier(nn.Module):
        def __init__(self, kind, input_size, hidden_size, layers, bidirectional, output_size):
            super().__init__()
            self.kind = kind
            cell = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[kind]
            setattr(self, kind, cell(input_size, hidden_size, layers, batch_first=True, bidirectional=bidirectional))
            self.fc = nn.Linear(hidden_size * (2 if bidirectional else 1), output_size) if output_size else None

        def forward(self, x):
            out, _ = getattr(self, self.kind)(x)
            return self.fc(out[:, -1, :]) if self.fc is not None else out

    class PositionalEncoding(nn.Module):
        def __init__(self, d_model, length, dtype):
            super().__init__()
            # Computed in float64 and rounded once, as seqbench does: float32 angles drift by ~6e-5 at position 1000.
            position = torch.arange(length, dtype=torch.float64).unsqueeze(1)
            scale = torch.pow(10000.0, torch.arange(0, d_model, 2, dtype=torch.float64) / d_model)
            pe = torch.zeros(length, d_model, dtype=torch.float64)
            pe[:, 0::2] = torch.sin(position / scale)
            pe[:, 1::2] = torch.cos(position / scale)
            self.register_buffer("pe", pe.to(dtype), persistent=False)  # a buffer, not a weight

        def forward(self, x):
            return x + self.pe[: x.size(1)]

    class TransformerClassifier(nn.Module):
        def __init__(self, input_size, d_model, layers, heads, ffn, output_size, length, dtype):
            super().__init__()
            self.scale = math.sqrt(d_model)
            self.embedding = nn.Linear(input_size, d_model)
            self.pos_encoder = PositionalEncoding(d_model, length, dtype)
            layer = nn.TransformerEncoderLayer(d_model, heads, ffn, dropout=0.0, activation="relu",
                                               layer_norm_eps=1e-5, batch_first=True, norm_first=False)
            options = {}
            if "enable_nested_tensor" in inspect.signature(nn.TransformerEncoder.__init__).parameters:
                options["enable_nested_tensor"] = False  # no padding mask: nothing to pack
            self.transformer_encoder = nn.TransformerEncoder(layer, layers, **options)
            self.fc = nn.Linear(d_model, output_size) if output_size else None

        def forward(self, x):
            x = self.transformer_encoder(self.pos_encoder(self.embedding(x) * self.scale))
            return self.fc(x[:, -1, :]) if self.fc is not None else x

    return RecurrentClassifier, TransformerClassifier


def build_model(spec, length, dtype=None):
    dtype = dtype or torch.float32
    recurrent_class, transformer_class = model_classes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # construction notes about fast paths are not the tool's output
        if spec["kind"] == "transformer":
            model = transformer_class(spec["inputSize"], spec["hiddenSize"], spec["layers"], spec["heads"],
                                      spec["ffnSize"], spec["outputSize"], length, dtype)
        else:
            model = recurrent_class(spec["kind"], spec["inputSize"], spec["hiddenSize"], spec["layers"],
                                    spec["bidirectional"], spec["outputSize"])
    return model.to(dtype).eval()


# ---------------------------------------------------------------------------------------------------------------
# Device and precision


def set_precision(device, precision):
    """fp32 is IEEE float32 throughout; tf32 lets cuBLAS and cuDNN round products to TF32 on tensor cores.

    PyTorch's own defaults differ between the two libraries (cuDNN's RNNs may use TF32, cuBLAS may not), so both
    are set explicitly: with the fp32_precision settings of PyTorch 2.9 and later where they exist, else with the
    allow_tf32 flags of earlier versions (mixing the two is refused by the newer versions).
    """
    if not device.startswith("cuda"):
        return
    tf32 = precision == "tf32"
    matmul = torch.backends.cuda.matmul
    rnn = _attribute(torch.backends.cudnn, "rnn")
    if _attribute(matmul, "fp32_precision") is not None and _attribute(rnn, "fp32_precision") is not None:
        value = "tf32" if tf32 else "ieee"
        matmul.fp32_precision = value
        rnn.fp32_precision = value
    else:
        matmul.allow_tf32 = tf32
        torch.backends.cudnn.allow_tf32 = tf32


def _attribute(owner, name):
    """owner.name, or None where it has none: PyTorch's backend modules answer an unknown name with AssertionError
    (torch.backends.cuda.matmul in 1.13), not the AttributeError hasattr expects."""
    try:
        return getattr(owner, name, None)
    except AssertionError:
        return None


def variant_of(device, kind):
    """cudnn for recurrent kinds on a GPU with cuDNN (PyTorch calls cuDNN's RNN there), native otherwise."""
    if device.startswith("cuda") and kind != "transformer" and torch.backends.cudnn.is_available() \
            and torch.backends.cudnn.enabled:
        return "cudnn"
    return "native"


def device_name(device):
    if device == "cpu":
        return "cpu"
    index = torch.device(device).index or 0
    return "cuda:%d %s" % (index, torch.cuda.get_device_name(index))


def require_device(device):
    if device == "cpu":
        return
    if not torch.cuda.is_available():
        raise UserError("--device %s: this PyTorch (%s, built with CUDA %s) finds no usable CUDA device; accepted "
                        "here: cpu" % (device, torch.__version__, torch.version.cuda))
    index = torch.device(device).index or 0
    if index >= torch.cuda.device_count():
        raise UserError("--device %s: there are %d CUDA devices; accepted: cuda:0 to cuda:%d" % (
            device, torch.cuda.device_count(), torch.cuda.device_count() - 1))


def engine_version(device):
    version = "PyTorch " + torch.__version__
    if device.startswith("cuda"):
        cudnn = torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else None
        version += " (CUDA %s, cuDNN %s)" % (torch.version.cuda, cudnn if cudnn is not None else "none")
    return version


# ---------------------------------------------------------------------------------------------------------------
# The machine


def logical_cores():
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _java_arch():
    machine = platform.machine().lower()
    return {"x86_64": "amd64", "i686": "x86", "i386": "x86"}.get(machine, machine)


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as file:
            for line in file:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return _java_arch() + " (model unknown)"


def memory_bytes():
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return 0


def hostname():
    name = os.environ.get("HOSTNAME", "").strip()
    if name:
        return name
    try:
        with open("/etc/hostname", encoding="utf-8") as file:
            name = file.read().strip()
    except OSError:
        name = ""
    return name or socket.gethostname() or "unknown"


def git_commit():
    if not os.path.exists(os.path.join(ROOT, ".git")):
        return None
    try:
        result = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short=12", "HEAD"], capture_output=True,
                                text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    commit = result.stdout.strip()
    return commit if result.returncode == 0 and re.fullmatch(r"[0-9a-f]{7,40}", commit) else None


def seqbench_version():
    try:
        with open(os.path.join(ROOT, "pom.xml"), encoding="utf-8") as file:
            pom = file.read()
    except OSError:
        return "unknown"
    # The project's own version: the first <version> after the root's <artifactId>, before any <parent> or deps.
    match = re.search(r"<artifactId>[^<]*</artifactId>\s*(?:<[^>]+>[^<]*</[^>]+>\s*)*?<version>([^<]+)</version>", pom)
    return match.group(1).strip() if match else "unknown"


def environment(device, device_label, threads_default):
    settings = {
        "mode": "eval, torch.inference_mode",
        "timer": "cuda events (forward and output copy to the host)" if device.startswith("cuda")
        else "time.perf_counter_ns",
        "default-threads": str(threads_default),
        "interop-threads": str(torch.get_num_interop_threads()),
    }
    if device.startswith("cuda"):
        settings["cudnn.benchmark"] = "enabled" if torch.backends.cudnn.benchmark else "disabled"
    backend = {"id": BACKEND_ID, "name": "PyTorch (torch.nn modules, tools/pytorch_baseline.py)",
               "engineVersion": engine_version(device), "device": device_label, "available": True,
               "settings": settings}
    described = {
        "cpuModel": cpu_model(),
        "logicalCores": logical_cores(),
        "memoryBytes": memory_bytes(),
        "os": "%s %s (%s)" % (platform.system(), platform.release(), _java_arch()),
        "jvm": "%s %s (Python; no JVM)" % (platform.python_implementation(), platform.python_version()),
        "hostname": hostname(),
        "gitCommit": git_commit(),
        "seqbenchVersion": seqbench_version(),
        "backends": [backend],
        "threadEnvironment": {name: value for name, value in sorted(os.environ.items())
                              if THREAD_VARIABLES.match(name)},
        "peaks": [],
        "fmaPeaks": [],
        "bandwidths": [],
    }
    return {key: value for key, value in described.items() if value is not None}


class CpuAccount:
    """Other processes' and this process's CPU over the measured iterations, from /proc as the harness reads it."""

    def __init__(self):
        self.others = self.own = self.steal = self.total = 0
        self.processors = 0
        self.start = None

    @staticmethod
    def _read():
        try:
            with open("/proc/stat", encoding="ascii") as file:
                lines = file.read().splitlines()
            with open("/proc/self/stat", encoding="ascii") as file:
                own = file.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            return None
        # user nice system idle iowait irq softirq steal [guest guest_nice]; guest time is already in user.
        ticks = [int(value) for value in lines[0].split()[1:9]]
        total = sum(ticks)
        idle = ticks[3] + ticks[4]
        processors = sum(1 for line in lines if re.match(r"cpu[0-9]+ ", line))
        # utime and stime are fields 14 and 15 of /proc/self/stat, 12 and 13 after the command's closing ')'.
        return total - idle, total, int(own[11]) + int(own[12]), max(processors, 1), ticks[7]

    def begin(self):
        self.start = self._read()

    def end(self):
        now, start, self.start = self._read(), self.start, None
        if start is None or now is None:
            return
        busy, total, own, steal = now[0] - start[0], now[1] - start[1], now[2] - start[2], now[4] - start[4]
        if busy < 0 or own < 0 or total <= 0:
            return  # counters that went backwards (an offlined processor, a clock step) measure nothing
        # A process may show a tick more than the machine's busy time: others then used nothing, not less.
        self.others += max(0, busy - own)
        self.own += own
        self.steal += max(0, steal)
        self.total += total
        self.processors = now[3]

    def usage(self):
        if self.total <= 0:
            return None
        scale = self.processors / self.total
        return self.others * scale, self.own * scale, self.steal * scale


def contended(others, cores, threads):
    """CellResult.Contention.contended: others used more than the cores the measurement left them, plus 0.25."""
    wanted = cores if threads == 0 else min(threads, cores)
    return others > cores - wanted + 0.25


# ---------------------------------------------------------------------------------------------------------------
# Statistics, as the results module computes them


def nearest_rank(sorted_values, q):
    """SampleHistogram.quantile: the smallest value with at least q of the samples at or below it."""
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def r7_quantile(values, q):
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (position - low) * (ordered[high] - ordered[low])


def bootstrap_mean_interval(figures, seed):
    """A percentile bootstrap of the mean of the trials' means (Bootstrap: 10,000 resamples, 95%)."""
    generator = random.Random(seed)
    n = len(figures)
    means = sorted(sum(figures[generator.randrange(n)] for _ in range(n)) / n for _ in range(10000))
    tail = (1 - CONFIDENCE) / 2
    return r7_quantile(means, tail), r7_quantile(means, 1 - tail)


def minimum_ratio_rank(n, m, tail):
    """MinimumRatio.rank: the smallest k whose k fastest of n + m figures all fall among the n with chance <= tail."""
    for k in range(1, n + 1):
        if math.comb(n, k) / math.comb(n + m, k) <= tail:
            return k
    return None


def spread(minima):
    """Headlines.spread for the minimum: how far it would move between two runs like this one, at 95%."""
    n = len(minima)
    k = minimum_ratio_rank(n, n, (1 - CONFIDENCE) / 2)
    if k is None:
        return None
    ordered = sorted(minima)
    low, high = ordered[0] / ordered[k - 1], ordered[k - 1] / ordered[0]
    return max(high - 1, 1 - low)


def modes(medians):
    """Modality.of(...).clusters().size(): separate clusters among the trials' medians (largest-gap rule)."""
    def split(values):
        n = len(values)
        at, widest = -1, -1.0
        for i in range(2, n - 2 + 1):
            gap = values[i] - values[i - 1]
            if gap > widest:
                widest, at = gap, i
        if at > 0:
            below, above = values[:at], values[at:]
            pooled = (_variance(below) * (len(below) - 1) + _variance(above) * (len(above) - 1)) / (n - 2)
            if widest > 4.0 * math.sqrt(pooled) and widest > 0.02 * abs(values[at - 1]):
                return split(below) + split(above)
        return 1
    return split(sorted(medians))


def _variance(values):
    mean = sum(values) / len(values)
    return sum((value - mean) ** 2 for value in values) / (len(values) - 1) if len(values) > 1 else 0.0


# ---------------------------------------------------------------------------------------------------------------
# Measuring


def iso_now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Cell:
    def __init__(self, spec, seq_len, batch, threads, precision, device, device_label):
        self.spec, self.seq_len, self.batch, self.threads, self.precision = spec, seq_len, batch, threads, precision
        self.device = device
        self.variant = variant_of(device, spec["kind"])
        self.coordinates = {
            "backend": BACKEND_ID, "variant": self.variant, "device": device_label, "precision": precision,
            "kind": spec["kind"], "seqLen": seq_len, "batch": batch, "hiddenSize": spec["hiddenSize"],
            "layers": spec["layers"], "threads": threads, "inputSize": spec["inputSize"], "heads": spec["heads"],
            "ffnSize": spec["ffnSize"], "outputSize": spec["outputSize"], "bidirectional": spec["bidirectional"]}
        self.trials = []
        self.pooled = Pooled()
        self.accuracy = None
        self.failure = None
        self.result = None  # the record's entry, remade when a trial ends (its bootstrap is not free)

    def label(self):
        return "%s[%s] %s T=%d B=%d H=%d L=%d%s threads=%d%s" % (
            BACKEND_ID, self.variant, self.spec["kind"], self.seq_len, self.batch, self.spec["hiddenSize"],
            self.spec["layers"], " bi" if self.spec["bidirectional"] else "", self.threads,
            "" if self.precision == "fp32" else " " + self.precision)


class Pooled:
    """Every trial's samples of a cell, for the latency distribution a user sees: the count, sum, minimum and maximum
    exact, the quantiles from a histogram of the samples to 4 significant digits (JMH's own sample buffer keeps
    about 3), so that a long sweep of microsecond cells does not hold every sample in memory."""

    def __init__(self):
        self.counts = {}
        self.count = 0
        self.total = 0.0
        self.smallest = math.inf
        self.largest = -math.inf

    def add(self, samples):
        for sample in samples:
            key = float("%.4g" % sample)
            self.counts[key] = self.counts.get(key, 0) + 1
        self.count += len(samples)
        self.total += sum(samples)
        self.smallest = min(self.smallest, min(samples))
        self.largest = max(self.largest, max(samples))

    def quantile(self, q):
        """SampleHistogram.quantile: the smallest value with at least q of the samples at or below it."""
        rank = max(1, math.ceil(q * self.count))
        seen = 0
        for value in sorted(self.counts):
            seen += self.counts[value]
            if seen >= rank:
                return min(max(value, self.smallest), self.largest)
        return self.largest


class Runner:
    def __init__(self, sweep, device):
        self.sweep = sweep
        self.device = device
        self.default_threads = torch.get_num_threads()
        self.cores = logical_cores()

    def inputs(self, cell):
        generator = torch.Generator().manual_seed(self.sweep.seed)
        return torch.randn(cell.batch, cell.seq_len, cell.spec["inputSize"], generator=generator)

    def model(self, cell):
        # The same weights in every trial of a cell: PyTorch's default initialisation from the sweep's seed.
        torch.manual_seed(self.sweep.seed)
        return build_model(cell.spec, cell.seq_len)

    def trial(self, cell, index):
        began = time.monotonic()
        started_at = iso_now()
        torch.set_num_threads(cell.threads if cell.threads > 0 else self.default_threads)
        set_precision(self.device, cell.precision)
        model = self.model(cell)
        host_input = self.inputs(cell)
        if cell.accuracy is None:
            cell.accuracy = self.accuracy(cell, model, host_input)
        model = model.to(self.device)
        x = host_input.to(self.device)
        forward = self.timed_forward(model, x)
        account = CpuAccount()
        samples = []
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for _ in range(self.sweep.warmup_iterations):
                self.iterate(forward, self.sweep.warmup_seconds, [])
            collected = gc.isenabled()
            gc.disable()  # a collection inside a timed call is Python's noise, not PyTorch's latency
            try:
                for _ in range(self.sweep.iterations):
                    account.begin()
                    self.iterate(forward, self.sweep.iteration_seconds, samples)
                    account.end()
            finally:
                if collected:
                    gc.enable()
        del model, x
        if self.device.startswith("cuda"):
            torch.cuda.empty_cache()
        samples.sort()
        usage = account.usage()
        others, own, steal = usage if usage else (None, None, None)
        trial = {
            "index": index, "startedAt": started_at, "samples": len(samples), "min": samples[0],
            "p10": nearest_rank(samples, 0.1), "median": nearest_rank(samples, 0.5),
            "mean": sum(samples) / len(samples), "p90": nearest_rank(samples, 0.9),
            "p99": nearest_rank(samples, 0.99), "otherCpuCores": others, "ownCpuCores": own, "stealCores": steal,
            "contended": None if others is None else contended(others, self.cores, cell.threads),
            "seconds": round(time.monotonic() - began, 3)}
        cell.trials.append({key: value for key, value in trial.items() if value is not None})
        cell.pooled.add(samples)
        return trial

    def timed_forward(self, model, x):
        if self.device.startswith("cuda"):
            start = torch.cuda.Event(enable_timing=True)
            end = torch.cuda.Event(enable_timing=True)

            def forward():
                start.record()
                model(x).to("cpu")  # seqbench's GPU backend returns its output on the host: so does this
                end.record()
                end.synchronize()
                return start.elapsed_time(end)
        else:
            clock = time.perf_counter_ns

            def forward():
                began = clock()
                model(x)
                return (clock() - began) / 1e6
        return forward

    @staticmethod
    def iterate(forward, seconds, samples):
        deadline = time.perf_counter() + seconds
        while True:
            samples.append(forward())
            if time.perf_counter() >= deadline:
                return

    def accuracy(self, cell, model, host_input):
        """The device's float32 output against the same weights in float64 on the cpu, as max abs and rel error."""
        reference = build_model(cell.spec, cell.seq_len, torch.float64)
        reference.load_state_dict({name: value.double() for name, value in model.state_dict().items()})
        with torch.inference_mode(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = reference(host_input.double())
            actual = model.to(self.device)(host_input.to(self.device)).to("cpu").double()
        model.to("cpu")
        largest_error = (actual - expected).abs().max().item()
        largest = expected.abs().max().item()
        return {"maxAbsError": largest_error, "maxRelError": largest_error / largest if largest > 0 else largest_error,
                "tolerance": arithmetic_tolerance(cell.precision, self.sweep.tolerance), "checkedSequences": cell.batch}


# org.seqbench.spi.Precision's bounds: a reduced arithmetic is held to its own, or the sweep's where that is wider.
ARITHMETIC_TOLERANCE = {"tf32": 5e-3, "bf16": 5e-2}


def arithmetic_tolerance(precision, fp32_tolerance):
    return max(ARITHMETIC_TOLERANCE.get(precision, fp32_tolerance), fp32_tolerance)


def cell_result(cell):
    result = {"cell": cell.coordinates}
    result["work"] = work(cell.spec, cell.batch, cell.seq_len)
    if cell.failure is not None or not cell.trials:
        result.update({"status": "failed", "reason": cell.failure or "no trial finished", "wallSeconds": 0.0,
                       "startedAt": cell.trials[0]["startedAt"] if cell.trials else iso_now()})
        return result
    pooled = cell.pooled
    mean = pooled.total / pooled.count
    means = [trial["mean"] for trial in cell.trials]
    if len(means) >= 5:  # Bootstrap.FEWEST_TRIALS
        low, high = bootstrap_mean_interval(means, 0x5EBE9C4)
        latency_interval = (low, high, CONFIDENCE)
    else:
        latency_interval = (mean, mean, 0.0)
    minima = [trial["min"] for trial in cell.trials]
    headline = {"estimator": "minimum", "value": min(minima), "confidence": CONFIDENCE, "trials": len(cell.trials),
                "modes": modes([trial["median"] for trial in cell.trials])}
    cell_spread = spread(minima)
    if cell_spread is not None:
        headline["spread"] = cell_spread
    seconds = mean / 1000.0
    result.update({
        "status": "ok",
        "latency": {"mean": mean, "ciLow": latency_interval[0], "ciHigh": latency_interval[1],
                    "confidence": latency_interval[2], "p50": pooled.quantile(0.5), "p90": pooled.quantile(0.9),
                    "p99": pooled.quantile(0.99), "min": pooled.smallest, "max": pooled.largest,
                    "samples": pooled.count},
        "throughput": {"sequencesPerSecond": cell.batch / seconds,
                       "tokensPerSecond": cell.batch * cell.seq_len / seconds},
        "gflops": result["work"]["flops"] / seconds / 1e9,
        "accuracy": cell.accuracy,
        "startedAt": cell.trials[0]["startedAt"],
        "wallSeconds": round(sum(trial["seconds"] for trial in cell.trials), 3),
        "trials": cell.trials,
        "headline": headline,
    })
    others = [trial["otherCpuCores"] for trial in cell.trials if "otherCpuCores" in trial]
    if others:
        own = [trial["ownCpuCores"] for trial in cell.trials if "ownCpuCores" in trial]
        steal = [trial["stealCores"] for trial in cell.trials if "stealCores" in trial]
        average = sum(others) / len(others)
        result["contention"] = {
            "otherCpuCores": average, "otherCpuShare": average / logical_cores(),
            "contended": all(trial.get("contended") for trial in cell.trials),
            "ownCpuCores": sum(own) / len(own) if own else None,
            "stealCores": sum(steal) / len(steal) if steal else None}
        result["contention"] = {key: value for key, value in result["contention"].items() if value is not None}
    return result


def write_json(path, value):
    """Beside the target, then moved into place in one step: a killed run leaves the last whole record."""
    temporary = path + ".tmp-%d" % os.getpid()
    with open(temporary, "w", encoding="utf-8") as file:
        json.dump(value, file, indent=2)  # NaN as Jackson reads it (ALLOW_NON_NUMERIC_NUMBERS)
        file.write("\n")
    os.replace(temporary, path)


def measure(arguments):
    sweep = Sweep(arguments)
    planned = sweep.specs()  # a sweep that makes no model is refused before PyTorch loads
    device = arguments.device
    per_trial = sweep.warmup_iterations * sweep.warmup_seconds + sweep.iterations * sweep.iteration_seconds
    if arguments.dry_run:
        for spec, seq_len, batch, threads, precision in planned:
            print("%s T=%d B=%d threads=%d %s on %s" % (describe(spec), seq_len, batch, threads, precision, device))
        print("%d cells x %d trials: at least %s of warm-up and measurement (profile %s); nothing measured"
              % (len(planned), sweep.trials, clock_text(len(planned) * sweep.trials * per_trial), sweep.profile))
        return 0
    global torch
    torch = import_torch()
    require_device(device)
    device_label = device_name(device)
    created = datetime.datetime.now(datetime.timezone.utc)
    run_id = created.strftime("%Y%m%d-%H%M%S") + "-pytorch-" + device.split(":")[0] + "-" + sweep.profile_name
    out = arguments.out or os.path.join("runs", run_id)
    record_path = os.path.join(out, "run.json")
    if os.path.exists(out) and not os.path.isdir(out):
        raise UserError("--out %s is a file; give a directory for run.json" % out)
    if os.path.exists(record_path) and not arguments.force:
        raise UserError("--out %s already holds a run record (run.json); give another directory, or --force to "
                        "replace it" % out)
    try:
        os.makedirs(out, exist_ok=True)
    except OSError as e:
        raise UserError("cannot create --out %s: %s" % (out, e.strerror or e))

    runner = Runner(sweep, device)
    cells = [Cell(spec, seq_len, batch, threads, precision, device, device_label)
             for spec, seq_len, batch, threads, precision in planned]
    record = {"schemaVersion": SCHEMA_VERSION, "runId": run_id, "createdAt": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
              "sweep": sweep.record(), "environment": environment(device, device_label, runner.default_threads),
              "cells": [], "canary": []}
    total = len(cells) * sweep.trials
    print("pytorch baseline %s: %d cells on %s (%s), %d trials each in %d rounds, at least %s of warm-up and "
          "measurement; writing %s" % (run_id, len(cells), device_label, engine_version(device), sweep.trials,
                                       sweep.trials, clock_text(total * per_trial), record_path), flush=True)
    order = random.Random(sweep.seed)
    began = time.monotonic()
    done = 0

    def save(completed=False):
        record["cells"] = [cell.result for cell in cells if cell.result is not None]
        if completed:
            record["completedAt"] = iso_now()
        write_json(record_path, record)

    try:
        for round_index in range(sweep.trials):
            scheduled = [cell for cell in cells if cell.failure is None]
            order.shuffle(scheduled)
            for cell in scheduled:
                done += 1
                try:
                    trial = runner.trial(cell, round_index)
                except (RuntimeError, MemoryError, ValueError) as e:
                    cell.failure = "%s: %s" % (type(e).__name__, str(e).strip().splitlines()[0] if str(e).strip()
                                               else "no message")
                    if device.startswith("cuda"):
                        torch.cuda.empty_cache()
                    print("[%d/%d] %s, trial %d: failed: %s" % (done, total, cell.label(), round_index + 1,
                                                                cell.failure), flush=True)
                    cell.result = cell_result(cell)
                    save()
                    continue
                cell.result = cell_result(cell)
                others = trial["otherCpuCores"]
                elapsed = time.monotonic() - began
                print("[%d/%d] %s, trial %d: median %s ms, min %s ms%s | elapsed %s, about %s left" % (
                    done, total, cell.label(), round_index + 1, significant(trial["median"]),
                    significant(trial["min"]), "" if others is None else ", others %.2f cores" % others,
                    clock_text(elapsed), clock_text(elapsed / done * (total - done))), flush=True)
                save()
    except KeyboardInterrupt:
        save()
        print("interrupted: %s holds the %d trials that finished" % (record_path, sum(len(c.trials) for c in cells)),
              file=sys.stderr)
        return 130
    save(completed=True)
    failed = sum(1 for cell in cells if cell.failure is not None)
    print("%d ok, %d failed; run record: %s" % (len(cells) - failed, failed, record_path))
    print("report: ./seqbench report %s   (beside a seqbench run: ./seqbench report RUN_DIR %s --out DIR)" % (out, out))
    return 1 if failed else 0


def significant(value):
    return "%.3g" % value


def clock_text(seconds):
    seconds = int(round(seconds))
    return "%d:%02d:%02d" % (seconds // 3600, seconds // 60 % 60, seconds % 60) if seconds >= 3600 \
        else "%d:%02d" % (seconds // 60, seconds % 60)


# ---------------------------------------------------------------------------------------------------------------
# Checking an exported case


DTYPES = {"F32": (4, "float32"), "F64": (8, "float64"), "F16": (2, "float16"), "BF16": (2, "bfloat16")}
SPEC_FIELDS = ("kind", "inputSize", "hiddenSize", "layers", "bidirectional", "heads", "ffnSize", "outputSize")


def read_safetensors(path):
    """(metadata, {name: tensor}) of a safetensors file: 8-byte little-endian header length, JSON header, data."""
    try:
        with open(path, "rb") as file:
            content = file.read()
    except OSError as e:
        raise UserError("cannot read --check-case %s: %s" % (path, e.strerror or e))
    if len(content) < 8:
        raise UserError("%s is not a safetensors file: %d bytes, fewer than the 8 of its header length"
                        % (path, len(content)))
    length = struct.unpack("<Q", content[:8])[0]
    if length > len(content) - 8:
        raise UserError("%s is not a safetensors file (or is cut short): its header claims %d bytes but %d follow"
                        % (path, length, len(content) - 8))
    try:
        header = json.loads(content[8:8 + length].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise UserError("%s is not a safetensors file: its header is not JSON (%s)" % (path, e))
    if not isinstance(header, dict):
        raise UserError("%s is not a safetensors file: its header is not a JSON object" % path)
    if sys.byteorder != "little":
        raise UserError("%s: safetensors data is little-endian and this machine is %s-endian; this reader takes "
                        "little-endian machines only" % (path, sys.byteorder))
    data = memoryview(content)[8 + length:]
    metadata = header.pop("__metadata__", None) or {}
    tensors = {}
    for name, entry in header.items():
        if not isinstance(entry, dict) or entry.get("dtype") not in DTYPES \
                or not isinstance(entry.get("shape"), list) or not isinstance(entry.get("data_offsets"), list):
            raise UserError("%s: tensor %r is not a safetensors entry of a float type (dtype %s, accepted: %s)"
                            % (path, name, entry.get("dtype") if isinstance(entry, dict) else entry, ", ".join(DTYPES)))
        size, dtype = DTYPES[entry["dtype"]]
        shape = entry["shape"]
        offsets = entry["data_offsets"]
        if not all(isinstance(d, int) and d >= 0 for d in shape) or len(offsets) != 2 \
                or not all(isinstance(o, int) for o in offsets) or not 0 <= offsets[0] <= offsets[1] <= len(data):
            raise UserError("%s: tensor %r has shape %s and data offsets %s, outside the file's %d data bytes "
                            "(cut short?)" % (path, name, shape, offsets, len(data)))
        count = math.prod(shape)
        if offsets[1] - offsets[0] != count * size:
            raise UserError("%s: tensor %r holds %d bytes where shape %s of %s needs %d"
                            % (path, name, offsets[1] - offsets[0], shape, entry["dtype"], count * size))
        if count == 0:
            tensors[name] = torch.zeros(shape, dtype=getattr(torch, dtype))
        else:
            raw = bytearray(data[offsets[0]:offsets[1]])
            tensors[name] = torch.frombuffer(raw, dtype=getattr(torch, dtype)).reshape(shape).float()
    return metadata, tensors


def read_spec(path, metadata):
    text = metadata.get("seqbench.spec") if isinstance(metadata, dict) else None
    if text is None:
        raise UserError("%s has no 'seqbench.spec' metadata: not a case written by `seqbench export`" % path)
    try:
        spec = json.loads(text)
    except ValueError as e:
        raise UserError("%s: its seqbench.spec metadata is not JSON (%s)" % (path, e))
    if not isinstance(spec, dict):
        raise UserError("%s: its seqbench.spec metadata is not a JSON object: %s" % (path, text))
    unknown = sorted(set(spec) - set(SPEC_FIELDS))
    if unknown:
        raise UserError("%s: the spec has an unknown field %r; accepted: %s" % (path, unknown[0],
                                                                               ", ".join(sorted(SPEC_FIELDS))))
    kind = spec.get("kind")
    if not isinstance(kind, str) or kind.lower() not in KINDS:
        raise UserError("%s: the spec's kind is %r; accepted: %s" % (path, kind, ", ".join(KINDS)))
    result = {"kind": kind.lower(), "bidirectional": spec.get("bidirectional", False)}
    if not isinstance(result["bidirectional"], bool):
        raise UserError("%s: the spec's bidirectional is %r; accepted: true or false" % (path, spec["bidirectional"]))
    for field in ("inputSize", "hiddenSize", "layers", "outputSize", "heads", "ffnSize"):
        value = spec.get(field, 0 if field in ("heads", "ffnSize") else None)
        if isinstance(value, bool) or not isinstance(value, int):
            raise UserError("%s: the spec's %s is %r; accepted: an integer" % (path, field, value))
        result[field] = value
    problem = spec_problem(result)
    if problem:
        raise UserError("%s: the spec is no model: %s" % (path, problem))
    return result


def check_case(arguments):
    global torch
    torch = import_torch()
    require_device(arguments.device)
    path = arguments.check_case
    tolerance = arguments.tolerance if arguments.tolerance is not None else 1e-4
    metadata, tensors = read_safetensors(path)
    spec = read_spec(path, metadata)
    for name in ("input", "output"):
        if name not in tensors:
            raise UserError("%s has no %r tensor; `seqbench export` writes the weights, 'input' and 'output'"
                            % (path, name))
    x = tensors.pop("input")
    expected = tensors.pop("output")
    if x.dim() != 3 or x.shape[2] != spec["inputSize"] or x.shape[0] < 1 or x.shape[1] < 1:
        raise UserError("%s: input has shape %s; the spec needs [batch, seq, %d]" % (path, list(x.shape),
                                                                                     spec["inputSize"]))
    batch, seq_len = x.shape[0], x.shape[1]
    shape = [batch, spec["outputSize"]] if spec["outputSize"] else [batch, seq_len,
                                                                    spec["hiddenSize"] * directions(spec)]
    if list(expected.shape) != shape:
        raise UserError("%s: output has shape %s; %s on input %s gives %s" % (path, list(expected.shape),
                                                                             describe(spec), list(x.shape), shape))
    model = build_model(spec, seq_len)
    try:
        model.load_state_dict(tensors, strict=True)
    except RuntimeError as e:
        reason = "; ".join(line.strip() for line in str(e).splitlines() if line.strip())
        raise UserError("%s: its weights do not fit PyTorch's %s: %s" % (path, describe(spec), reason))
    set_precision(arguments.device, "fp32")
    model = model.to(arguments.device)
    with torch.inference_mode(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        actual = model(x.to(arguments.device)).to("cpu")
    difference = (actual.double() - expected.double()).abs().max().item()
    largest = expected.double().abs().max().item()
    relative = difference / largest if largest > 0 else difference
    within = relative <= tolerance  # NaN is never within
    producer = metadata.get("seqbench.backend", "unknown")
    variant = metadata.get("seqbench.variant")
    print("%s: %s, input %s, output from %s%s; PyTorch %s on %s: max abs error %.3g, max rel error %.3g: %s the "
          "tolerance %g (relative)" % (path, describe(spec), list(x.shape), producer,
                                      " (%s)" % variant if variant else "", torch.__version__, arguments.device,
                                      difference, relative, "within" if within else "beyond", tolerance))
    return 0 if within else 1


# ---------------------------------------------------------------------------------------------------------------


def import_torch():
    try:
        import torch as module
    except ImportError as e:
        raise UserError("PyTorch is not installed for %s (%s); install it (pip install torch, or Debian's "
                        "python3-torch)" % (sys.executable, e))
    return module


def measuring_flags(arguments):
    """The options given that only measuring takes."""
    kept = {"device", "tolerance", "check_case", "help"}
    return [action for action in parser()._actions
            if action.dest not in kept and getattr(arguments, action.dest, None) not in (None, False)]


def main(argv=None):
    try:
        arguments = parser().parse_args(argv)
        if arguments.check_case is not None:
            given = ["--" + action.dest.replace("_", "-") for action in measuring_flags(arguments)]
            if given:
                raise UserError("--check-case checks one file and measures nothing; it takes --device and "
                                "--tolerance, not %s" % ", ".join(given))
            return check_case(arguments)
        return measure(arguments)
    except UserError as e:
        print("%s: error: %s" % (PROGRAM, e), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
