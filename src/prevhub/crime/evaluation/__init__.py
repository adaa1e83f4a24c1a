"""Evaluation methods: did a response work, against what comparison, and what cannot be claimed.

No Django here (the import contract): each method takes counts and returns one result shape.
"""
