"""Hỏi - đáp nghị quyết: the booklet model and the tools built on it."""
