"""Shared kernel: tenant base model, scoping, periods, money and audit."""
