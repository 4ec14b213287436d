# Have your say: English, the staff workspace (duplicates, the daily digest, practices, replies).

## Duplicates
item-duplicate = Duplicate
item-duplicate-label = Duplicate of (reference)
item-duplicate-hint = The reference of the item this one repeats, for example ABCDE-12345. This item is closed and counted once, as that one.
item-duplicate-button = Mark as duplicate
item-duplicate-linked = This item is a duplicate of { $reference }. It is closed and counted once, as that item.
item-duplicate-unlink = Not a duplicate: reopen it
item-duplicate-of = Closed as a duplicate of
item-duplicates = Duplicates linked to this item:
item-duplicate-error-reference = Enter a reference of 10 letters and numbers, like ABCDE-12345
item-duplicate-error-not-found = No item has that reference
item-duplicate-error-itself = An item cannot be a duplicate of itself

## The daily digest email
email-digest-subject = Have your say: items due today or overdue: { $count } ({ $overdue } overdue)
email-digest-intro = These items assigned to you are open and their reply is due today or overdue.
email-digest-intro-unassigned = These items are assigned to nobody, open, and their reply is due today or overdue.
email-digest-overdue = Overdue, was due
email-digest-due-today = Due today
email-digest-more = And { $count } more: see the inbox.
email-digest-inbox = Open the inbox, soonest due first

## Staff linked to practices and networks; routing to staff accounts
admin-links-column = Practices
admin-links-change = Practices and networks
admin-links-title = Practices and networks of { $name }
admin-links-lead = Submissions about these practices appear in "My practices" in the inbox of { $email }.
admin-links-networks = Primary Care Networks
admin-links-networks-hint = A network covers every practice in it, including practices added later.
admin-links-practices = GP practices
admin-save = Save
admin-recipient-hint = An email address, or leave empty and choose a staff account below.
admin-rule-staff = Or a staff account
admin-rule-staff-none = No account: use the address
admin-error-email-or-staff = Give an address or choose a staff account, not both, and a description
inbox-views = Views
inbox-my-practices = My practices

## Public replies: edit, withdraw, templates
item-reply-error-empty = Enter the reply, in up to 5,000 characters
item-reply-edited = edited { $time }
item-reply-withdrawn = Withdrawn { $time }: the resident no longer sees this reply.
item-reply-earlier = Earlier text ({ $count })
item-reply-replaced = Replaced by { $who }, { $time }
item-reply-change = Edit or withdraw this reply
item-reply-edit-label = Reply as the resident sees it
item-reply-edit-save = Save the new text
item-reply-withdraw-hint = Withdrawing takes the reply off the resident's tracking page. An email already sent cannot be taken back.
item-reply-withdraw = Withdraw reply
item-reply-template = Start from a template
item-reply-template-en = English
item-reply-template-bn = Bengali
item-reply-template-insert = Put in the reply box
admin-templates = Reply templates
admin-templates-lead = Wording staff can start a public reply from, in English and Bengali. Staff change it to fit before sending.
admin-templates-none = There are no templates yet.
admin-template-title = Name
admin-template-en = Text in English
admin-template-bn = Text in Bengali
admin-template-bn-hint = Optional. Without it, staff replying in Bengali start from the English.
admin-template-add = Add a template
admin-template-error-title = Enter a name for the template
admin-template-error-en = Enter the English text, in up to 5,000 characters
admin-template-error-bn = The Bengali text can have up to 5,000 characters

## Keyboard triage (the staff islands; shown only when JavaScript runs)
keys-hint = Press ? for keyboard shortcuts.
keys-title = Keyboard shortcuts
keys-next = Next item in the list
keys-previous = Previous item in the list
keys-open = Open the chosen item
keys-select = Select the chosen item for a bulk action
keys-search = Search the inbox
keys-status = Change the status (item page)
keys-help = Show or hide these shortcuts
keys-close = Close these shortcuts
keys-fields = Keys typed in a form field are never taken as shortcuts.
inbox-urgent-arrived = New urgent items have arrived at the top of the list.
item-note-error = Enter a note of up to 5,000 characters, or leave the note empty
