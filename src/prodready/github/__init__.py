"""GitHub integration: the one pull-request comment, the job summary, workflow annotations.

This is the only package that talks to the network, and only when a `prodready github ...`
command is run explicitly. It reads a saved JSON report; it never audits.
"""
