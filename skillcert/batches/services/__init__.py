"""Every write to batches, one module per subject: ``batches`` (a draft batch, its levels and
deadline exceptions), ``transitions`` (the state machine), ``sessions``, ``sites``, ``changes``
(细则第十条) and ``readiness`` (细则第八条、第九条)."""
