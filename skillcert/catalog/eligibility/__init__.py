"""申报条件 as data, and the pure evaluator that checks an applicant's facts against them.

A level's 申报条件 is a list of alternative clauses (具备以下条件之一者); a clause holds when every
one of its atoms holds (DOMAIN.md §6.4). Atoms are plain dicts, so they live in a JSON column and
in a spreadsheet cell; ``check_conditions`` refuses a malformed list before it is stored.

No Django import here: the evaluator is tested in milliseconds and reused by the registration
review, the API and the benchmarks. Messages are Chinese because reviewers read them as they are.

The kernel is a package of pure modules: ``vocabulary`` (the words of the conditions), ``facts``
(what an applicant brings and what the evaluation returns), ``conditions`` (validation before
storing), ``describe`` (the standard's words) and ``evaluate``.
"""
