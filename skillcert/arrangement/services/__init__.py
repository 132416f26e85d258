"""The arrangement's writes: the staff registry (``staff``), solving (``solving``), manual moves
and publication (``publishing``)."""
