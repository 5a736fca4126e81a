"""Declarative specs of the official forms, their dropdown lists and their Python twin."""
