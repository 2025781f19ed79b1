"""What every command of the kit shares: usage errors in Vietnamese."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn


class Parser(argparse.ArgumentParser):
    """argparse with its usage errors in Vietnamese (exit status 2), named after the command."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog.split()[0]}: lỗi cách dùng: {message}\n")  # a subcommand's too: "publish.py"
