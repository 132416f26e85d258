"""Publicity: a masked public list for a period of working days, open for objections.

Used by the candidate list (细则第五条, ``registration.publicity``) and made for the results list
(细则第十六条). A stage brings its concrete models and its wording; this package brings:

- ``models``: abstract ``Publication`` (starts_on, ends_on, published_by/at) and ``ObjectionBase``
  (name, contact, content, state, answer, answered_by/at, ip), ``ObjectionState``,
  ``ends_after_start(name)`` for the period constraint;
- ``period``: ``publicity_period(rule_set=, parameter=, starts_on=)`` in working days and
  ``working_days_in``;
- ``rows``: ``masked_rows(rows, columns=...)`` through the one masking;
- ``selectors``: ``current_publication`` (404 before the period, 410 after) and
  ``open_publications``;
- ``objections``: ``take_objection`` and ``record_answer``, audited, with a ``RateLimit``
  (``ratelimit``);
- ``views``: ``publication_list`` and ``publication_page`` with ``forms``' search and objection
  form, ``client_ip``;
- ``errors``: ``PublicityError``, ``PublicityGone``, ``ObjectionRefused``, ``TooManyObjections``.

Modules are imported by name: ``models`` may only be imported once the app registry is ready.
"""
