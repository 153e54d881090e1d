"""``make bench`` stays runnable: its quick mode on tiny sizes (timings are not checked,
they are noisy on a shared machine; the records' shape and sanity are)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_benchmark_writes_records(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, "-m", "benchmarks.run", "--quick",
                             "--json", str(out)], cwd=ROOT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    names = {r["name"] for r in report["records"]}
    for expected in ["sgd_momentum step", "adam step", "adamw step",
                     "BatchNorm fwd+bwd", "LayerNorm fwd+bwd"]:
        assert expected in names
    for record in report["records"]:
        assert set(record) >= {"name", "size", "ours_s", "torch_s", "bound_s"}
        assert record["ours_s"] > 0 and record["torch_s"] > 0
        if "step" in record["name"]:
            # nothing moves the bytes faster than the measured memory bandwidth allows
            assert 0 < record["bound_s"]
    assert "| adam step |" in result.stdout
    assert report["machine"]["cores"] >= 1
