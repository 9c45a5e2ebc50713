"""Signing and verifying Open Badges 3.0 credentials (W3C VC 2.0, Data Integrity eddsa-rdfc-2022):
keys, DID documents, canonicalization, proofs, status lists. Pure Python, no Django models."""
