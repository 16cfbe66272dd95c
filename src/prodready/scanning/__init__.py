"""The scanning engine: how prodready reads an untrusted tree, fast and safely, knowing nothing
about production readiness.

- listing.py, git.py: which paths make up the tree (git's lists, or a walk), and the one
  hardened, time-limited way git is run; revision.py: a git revision's files, read from the
  object store
- ignore.py, wildmatch.py: gitignore rules (.gitignore, info/exclude, a configuration's
  `exclude`) matched in O(len(path) x len(pattern)), never by git or a backtracking regex
- files.py: FileIndex, bounded symlink-safe reads, decoding, file roles (source/test/example)
- search.py: literal prefilters for regular expressions; memo.py: per-file answers by content
- batch.py: per-file work on worker processes; cache.py: the content-addressed fact cache
- perfile.py: the per-file half of RepoFacts (searches, per-file functions, batches)
- parsing.py: one bounded loader per format; languages.py, lizard_run.py, lizard_go.py: lexical knowledge

The facts layer (prodready.facts) sits on top and may import from here; nothing here imports
from it.
"""
