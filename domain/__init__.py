"""Ventanilla's domain: aggregates, rules, catalogue and use cases. Imports no framework and no other layer."""
