"""Example prodready check pack: ACME's organisation rules."""
