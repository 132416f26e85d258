"""Every write of registration, one module per subject: ``candidates``, ``applications`` (with
the transition table), ``eligibility``, ``review``, ``materials``, ``linking``, ``imports``
(with ``import_table``, ``import_files`` and ``import_materials``) and ``report``."""
