import subprocess
import sys


def test_the_solver_imports_no_django():
    # The solver is shared by jobs, the API and the benchmark, and tested in milliseconds.
    code = (
        "import sys, skillcert.arrangement.solver;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
