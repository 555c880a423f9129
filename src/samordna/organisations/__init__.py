"""Förbund, their member organisations (parter) and the municipalities they cover."""
