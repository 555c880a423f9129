"""Insatser: the interventions a förbund funds, their parties, target group, staff and status."""
