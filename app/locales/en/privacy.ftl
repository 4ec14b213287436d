# Residents' rights: erasure on request, the subject-access export.

erase-title = Erase a submission
erase-lead = When a resident asks us to delete what they sent, find it by its reference and erase it. This cannot be undone. The audit log keeps the reference and who erased it, nothing else.
erase-reference = Reference
erase-reference-hint = 10 letters and numbers, for example GBQD-4YEW-7C
erase-find = Find submission
erase-confirm-heading = Erase this submission?
erase-confirm-body = Submission { $reference }, received { $date }, about { $topic }. Its message, contact details, notes, replies and unsent emails will be deleted.
erase-confirm-button = Erase it
erase-cancel = Cancel
erase-done = The submission has been erased.
erase-error-reference = Enter a reference of 10 letters and numbers, as it appears in the resident's confirmation
erase-error-not-found = There is no submission with that reference. It may have been erased already.
item-rights = The resident's rights
item-export = Download everything held about this submission (subject access request, JSON)
