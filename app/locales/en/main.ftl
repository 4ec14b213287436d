# Have your say: English. Every key here must exist in every other language file.
# Write plainly: short sentences, everyday words (GOV.UK style).

## Site furniture
service-name = Have your say
service-org = Tower Hamlets social prescribing
title-suffix = Have your say – Tower Hamlets social prescribing
skip-link = Skip to main content
error-title-prefix = Error:
footer-privacy = Privacy
footer-accessibility = Accessibility
footer-help = Need help now?
footer-help-999 = Emergency: 999
footer-help-111 = NHS 111
footer-help-samaritans = Samaritans: 116 123
footer-help-service = This service: { $number }
footer-run-by = Run by Tower Hamlets GP Care Group for residents of Tower Hamlets.
back-link = Back
language-name = English

## Urgent help box
urgent-heading = If you need help now
urgent-999 = If you or someone else is in danger or seriously ill:
urgent-111 = For urgent medical help that is not an emergency, go to 111.nhs.uk or
urgent-samaritans = To talk to someone any time, day or night, free:
urgent-999-call = call 999
urgent-111-call = call NHS 111
urgent-samaritans-call = call Samaritans on 116 123
urgent-service = To speak to the social prescribing team about your message, in working hours:
urgent-service-call = call { $number }
urgent-page-title = Get help now
urgent-page-back = Back to the start
urgent-not-monitored = We do not read messages straight away, so do not use this form to ask for urgent help.

## Start page
start-title = Tell us what you think
start-lead = Send feedback about the social prescribing service, or an idea that could improve health and wellbeing in Tower Hamlets.
start-what-heading = What you can send
start-what-feedback = feedback about our service – good or bad
start-what-idea = an idea or a community project that could help people in Tower Hamlets
start-who-heading = Who reads it
start-who-body = The social prescribing team at Tower Hamlets GP Care Group reads every message. Social prescribers help people with things like housing, money, loneliness and caring.
start-next-heading = What happens next
start-next-body = You will get a reference number and a private link to check progress. If you leave contact details and agree, we will reply within 10 working days.
start-time = It takes about 5 minutes. You can write in any language.
start-privacy-heading = Your privacy
start-privacy-body = You do not need to give your name. If you do leave contact details, we only use them to reply to you.
start-privacy-link = How we use your information
start-button = Start now
start-other-ways = You can also give feedback by talking to your social prescriber or the staff at your GP practice.

## Feedback form
form-title = Send feedback or an idea
form-kind-legend = What are you sending?
form-kind-feedback = Feedback about our service
form-kind-feedback-hint = Tell us what went well or what could be better.
form-kind-idea = An idea to improve health and wellbeing in Tower Hamlets
form-kind-idea-hint = For example, a group, activity or service that would help people.
form-topic-label = What is it about?
form-topic-choose = Choose a topic
form-practice-label = Your GP practice (optional)
form-practice-hint = This helps us pass your message to the right social prescriber.
form-practice-none = Choose your GP practice
form-practice-not-sure = I am not sure
form-message-label = Your message
form-message-hint = Write in any language. You can write up to { $max } characters. Do not include other people's names or details.
form-contact-legend = Can we contact you? (optional)
form-contact-hint = Leave these empty to stay anonymous. We only use your details to reply about this message.
form-name-label = Your name (optional)
form-email-label = Email address (optional)
form-email-hint = We will send you a confirmation and our reply.
form-phone-label = Phone number (optional)
form-phone-hint = For example, 07700 900 982.
form-contact-consent = I agree that the social prescribing team can contact me about this message
form-publish-legend = Sharing what you wrote (optional)
form-publish-consent = You can publish what I wrote as an anonymous quote, without my name or any details that identify me
form-honeypot-label = Leave this field empty
form-submit = Send
form-error-summary-title = There is a problem

## Validation errors
error-kind-missing = Select whether you are sending feedback or an idea
error-topic-missing = Select what your message is about
error-practice-invalid = Select your GP practice from the list, or choose "I am not sure"
error-message-missing = Enter your message
error-message-too-long = Your message must be { $max } characters or fewer. It is { $count } characters now.
error-message-control = Your message contains hidden characters we cannot accept. Copy only the text and try again.
error-name-too-long = Your name must be { $max } characters or fewer
error-name-control = Your name must be on one line and contain only letters, numbers and punctuation
error-email-invalid = Enter an email address in the correct format, like name@example.com
error-phone-invalid = Enter a phone number in the correct format, like 07700 900 982 or 020 7946 0000
error-consent-missing = Tick the box to agree that we can contact you, or remove your contact details
error-contact-method-missing = Enter an email address or phone number so that we can contact you
error-honeypot = Leave this field empty. If you are a person, clear it and send again.
error-message-links = Your message has more than { $max } web links. Take some out and send again.
error-too-fast = That was sent very quickly. Check your message, then send it again.
error-form-expired = This form could not be checked. Check your message, then send it again.

## Confirmation page
confirm-title = Thank you, we have your message
confirm-reference-label = Your reference number
confirm-reference-hint = Please keep this reference. Quote it if you contact us about your message.
confirm-next-heading = What happens next
confirm-next-body = The social prescribing team will read your message within 5 working days.
confirm-next-contact = If you agreed that we can contact you, we will reply within 10 working days.
confirm-next-anonymous = You did not leave contact details, so we cannot reply to you directly. Check your private link for our reply.
confirm-track-heading = Check progress
confirm-track-body = Use this private link to see the progress of your message and any reply, or to delete it. Anyone with the link can see your message, so keep it safe.
confirm-track-link = Your private link
confirm-another = Send another message

## Tracking page
track-title = Your message
track-reference = Reference
track-sent = Sent
track-kind = Type
track-topic = Topic
track-status = Status
track-your-message = What you wrote
track-replies-heading = Our reply
track-no-replies = We have not replied yet. We will show our reply here.
track-replied-on = Reply sent { $date }
track-delete-heading = Delete your message
track-delete-body = You can delete your message and any contact details you gave. We will not be able to see it or reply to it afterwards.
track-delete-button = Delete my message

## Statuses as residents see them
status-new = Received
status-new-hint = We have your message and will read it soon.
status-in-review = Being read
status-in-review-hint = A member of the team is reading your message.
status-in-progress = In progress
status-in-progress-hint = We are looking into what you told us.
status-responded = Replied
status-responded-hint = We have replied. You can read our reply below.
status-closed = Closed
status-closed-hint = We have finished dealing with your message.
status-spam = Closed
status-spam-hint = We have finished dealing with your message.

## Delete confirmation
delete-title = Are you sure you want to delete your message?
delete-body = This will delete your message, your contact details and any reply. You cannot undo this.
delete-confirm-button = Yes, delete my message
delete-cancel = No, keep my message
deleted-title = Your message has been deleted
deleted-body = We have deleted your message and any contact details you gave us.
deleted-again = Send a new message

## Kinds and topics
kind-feedback = Feedback
kind-idea = Idea
topic-housing = Housing
topic-money-and-debt = Money and debt
topic-benefits = Benefits
topic-employment = Employment
topic-volunteering = Volunteering
topic-parenting = Parenting
topic-physical-activity = Physical activity
topic-mental-wellbeing = Mental wellbeing
topic-loneliness = Loneliness
topic-caring = Caring for someone
topic-other = Something else

## Privacy notice
privacy-title = How we use your information
privacy-who-heading = Who we are
privacy-who-body = Tower Hamlets GP Care Group runs this website for the social prescribing service in Tower Hamlets. We are the data controller for what you send us.
privacy-what-heading = What we collect
privacy-what-body = We store what you choose to send: whether it is feedback or an idea, the topic, your GP practice if you choose one, your message, the language of the page, and the date and time. If you give them, we also store your name, email address and phone number, and whether you agreed to be contacted or quoted.
privacy-not-heading = What we do not collect
privacy-not-body = We do not use tracking cookies or analytics. We do not record your IP address with your message. Our server logs record which pages were visited and when, but not what you wrote or your contact details.
privacy-why-heading = Why we use it
privacy-why-body = We use your message to improve the social prescribing service and to understand what matters to people in Tower Hamlets. We use contact details only to reply to you about your message. Health and personal information in a message is special category data: we process it to provide and improve health and social care services.
privacy-who-sees-heading = Who can see it
privacy-who-sees-body = Only the social prescribing team and managers at Tower Hamlets GP Care Group. People who pay for the service see numbers and themes, never your name or contact details. We publish a quote only if you agreed, and never with your name.
privacy-keep-heading = How long we keep it
privacy-keep-body = We remove your name, email address and phone number 90 days after we close your feedback or idea. Two years after closing, we replace your message, and any notes and replies about it, with a note that it was removed: only the counts stay, with nothing about you. You can delete everything sooner with your private link, or ask us to. Backups are deleted after 30 days.
privacy-rights-heading = Your rights
privacy-rights-body = You can delete your message at any time using your private link. You can also ask us for a copy of what we hold, to correct it or to delete it, by contacting the social prescribing team and quoting your reference. You can complain to the Information Commissioner's Office at ico.org.uk.

## Accessibility statement
a11y-title = Accessibility statement
a11y-intro = This statement covers the Have your say website run by Tower Hamlets GP Care Group. We want as many people as possible to be able to use it.
a11y-can-heading = What you should be able to do
a11y-can-body = You should be able to use every page without a mouse, with a screen reader, zoomed in up to 400%, on a small screen, and with JavaScript switched off.
a11y-status-heading = How accessible this website is
a11y-status-body = We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 at level AA, in English and in Bengali. Every page is checked automatically in a real browser with axe-core and the Nu HTML checker, at 320 pixels wide and on a desktop screen, and the main journey is tested using only a keyboard. Automated checks find only some problems. We have not yet had the website audited independently or tested by people who use screen readers, magnifiers or voice control.
a11y-feedback-heading = Reporting problems
a11y-feedback-body = If you find a problem with this website, or need information in another format or language, tell us using this website or ask your social prescriber. We will reply within 10 working days.
a11y-enforcement-heading = Enforcement
a11y-enforcement-body = The Equality and Human Rights Commission (EHRC) is responsible for enforcing the accessibility regulations. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).
a11y-prepared = This statement was prepared in November 2026.

## Error pages
error-404-title = Page not found
error-404-body = If you typed the web address, check it is correct. If you used a private link to check your message, the message may have been deleted.
error-400-title = Sorry, we could not read what you sent
error-400-body = Go back to the form and try again.
error-405-title = Sorry, that did not work
error-405-body = Go back to the start page and try again.
error-413-title = What you sent is too large
error-413-body = Your message is too long to send. Go back, shorten it to { $max } characters or fewer, and try again.
error-500-title = Sorry, there is a problem with the service
error-500-body = Try again later. Your message has not been sent unless you saw a reference number.
error-503-title = Sorry, the service is unavailable
error-503-body = Try again in a few minutes. Your message has not been sent unless you saw a reference number.
error-home-link = Go to the start page

## Months, for dates like "23 November 2026"
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December

## Emails to staff (staff read them in English; keys exist in every language all the same)
email-staff-subject = New { $kind } – { $topic } – { $reference }
email-urgent-subject = URGENT: possible risk – { $topic } – { $reference }
email-staff-intro = A resident has sent a new message through Have your say.
email-urgent-intro = A new message may describe a risk to someone's life or safety. Please read it in the portal now and follow the safeguarding procedure.
email-staff-reference = Reference
email-staff-kind = Type
email-staff-topic = Topic
email-staff-practice = GP practice
email-staff-practice-none = Not given
email-staff-practice-unsure = Not sure
email-staff-received = Received
email-staff-contact = Wants to be contacted
email-staff-yes = Yes
email-staff-no = No
email-staff-message = Message
email-staff-open = Open it in the portal
email-staff-privacy = The message and any contact details are in the portal, not in this email, to keep them safe.
email-staff-footer = You get this email because the routing rules in Have your say send new messages to this address.

## Email to the resident
email-resident-subject = We have your message – reference { $reference }
email-resident-greeting = Thank you for your message.
email-resident-reference = Your reference number is { $reference }.
email-resident-next = The social prescribing team will read your message within 5 working days and reply within 10 working days.
email-resident-track = See the progress of your message, read our reply or delete your message using your private link:
email-resident-private = Anyone with this link can see your message, so do not share it.
email-resident-urgent = If you need help now: call 999 in an emergency, NHS 111 for urgent medical help, or Samaritans free on 116 123, any time.
email-resident-footer = Have your say – Tower Hamlets social prescribing, run by Tower Hamlets GP Care Group. You get this email because you asked us to contact you.

## Language switch and quick exit
language-switch-label = Language
quick-exit = Exit this page
quick-exit-hint = Leave this website quickly. You can also press the back button.

## Forbidden
error-403-title = You cannot do that
error-403-body = Your account does not allow this, or the form had expired. Go back, reload the page and try again.

## Staff: signing in
staff-area = Staff
signin-title = Sign in
signin-lead = For staff of Tower Hamlets GP Care Group and commissioners.
signin-email = Email address
signin-password = Password
signin-button = Sign in
signin-failed = The email address or password is not right
signin-locked = Too many attempts to sign in. Wait 15 minutes and try again.
signin-expired = The form had expired. Try again.
signout-button = Sign out
signed-out = You have signed out
setpw-title = Set your password
setpw-lead = Choose a password for { $email }. Use at least { $min } characters: three or four random words are easy to remember and hard to guess.
setpw-password = New password
setpw-confirm = Type the new password again
setpw-button = Set password
setpw-too-short = Your password must be at least { $min } characters
setpw-too-long = Your password must be { $max } characters or fewer
setpw-mismatch = The two passwords are not the same
setpw-invalid = This link has expired or has already been used. Ask an admin for a new one.
setpw-done = Your password is set. Sign in with it now.

## Staff: inbox
nav-inbox = Inbox
nav-audit = Audit log
inbox-title = Inbox
inbox-filters = Filter
inbox-search = Search
inbox-search-hint = A reference, a name, an email address, a phone number, or words of a message, note or reply
inbox-sort = Order
inbox-sort-newest = Newest first
inbox-sort-oldest = Oldest first
inbox-sort-due = Reply due soonest
inbox-overdue-only = Overdue only
inbox-due = Reply due
inbox-due-overdue = Overdue: was due { $date }
inbox-due-today = Due today
inbox-due-on = Due { $date }
inbox-matched = { $count ->
    [one] 1 submission matches
   *[other] { $count } submissions match
}
person-title = Find a person's submissions
person-lead = For a rights request: every submission given with one email address or phone number, to download or erase together.
person-contact = Email address or phone number
person-contact-hint = As the person gave it, for example name@example.org or 07700 900123
person-find = Find submissions
person-none = No submissions were given with this email address or phone number.
person-count = { $count ->
    [one] 1 submission was given with it
   *[other] { $count } submissions were given with it
}
person-export = Download everything held about them (JSON)
person-erase-title = Erase them all
person-erase-confirm = I have checked these { $count } submissions are the person's and they asked for them to be erased
person-erase-button = Erase { $count } submissions
person-erased = { $count ->
    [one] 1 submission erased
   *[other] { $count } submissions erased
}
person-error-contact = Enter an email address, like name@example.org, or a UK phone number, like 07700 900123
person-error-confirm = Tick the box to confirm these are the person's submissions
bulk-label = With the selected items
bulk-choose = Choose an action
bulk-apply = Apply to selected
bulk-select = Select { $reference }
bulk-spam = Mark as spam
bulk-close = Close
bulk-describe-status = Set status to “{ $status }”
bulk-describe-assign = Assign to { $name }
bulk-describe-unassign = Remove the assignee
bulk-done = { $count ->
    [one] 1 item updated
   *[other] { $count } items updated
}
bulk-confirm-title = Check before changing many items
bulk-confirm-text = This will change { $count } items: { $what }. Each change is recorded in the audit log.
bulk-confirm-button = Yes, change { $count } items
bulk-cancel = Cancel
bulk-problem-title = Nothing was changed
bulk-none-selected = Select at least one item in the inbox, then choose an action.
bulk-no-action = Choose what to do with the selected items.
bulk-back = Back to the inbox
inbox-matched-many = More than { $count } submissions match
inbox-status = Status
inbox-kind = Type
inbox-topic = Topic
inbox-practice = GP practice
inbox-priority = Priority
inbox-assignee = Assigned to
inbox-any = Any
inbox-mine = Assigned to me
inbox-unassigned = Not assigned
inbox-urgent-only = Urgent only
inbox-from = Received from (YYYY-MM-DD)
inbox-to = Received to (YYYY-MM-DD)
inbox-apply = Apply filters
inbox-clear = Clear filters
inbox-none = No submissions match these filters.
inbox-received = Received
inbox-reference = Reference
inbox-summary = Summary
inbox-previous = Previous page
inbox-next = Next page
inbox-page = Page { $page }
inbox-all-statuses = All
inbox-error-choice = Choose one of the options in the list
inbox-error-from = Enter the "received from" date as a real date, for example 2026-01-31
inbox-error-to = Enter the "received to" date as a real date, for example 2026-12-31
inbox-error-order = The "received from" date must be on or before the "received to" date
priority-normal = Normal
priority-high = High
priority-urgent = Urgent

## Staff: one submission
item-title = Submission { $reference }
item-details = Details
item-nav = This item in the inbox
item-previous = Previous item
item-next = Next item
item-message = Message
item-urgent = Urgent
item-urgent-phrase = Marked urgent because the message contains “{ $phrase }” (highlighted below). Read it now and follow the safeguarding procedure if someone may be at risk.
item-urgent-seen = I have seen this
item-urgent-seen-by = Seen by { $who } at { $time }.
item-urgent-escalated = Nobody had marked it as seen in time: the safeguarding contact was reminded at { $time }.
item-urgent-by-staff = Marked urgent by staff. Read it now and follow the safeguarding procedure if someone may be at risk.
item-channel = Channel
item-language = Language
item-contact = Contact details
item-name = Name
item-email = Email
item-phone = Phone
item-consent-contact = Agreed to be contacted
item-consent-publish = Agreed to an anonymous quote
item-no-contact = The resident did not leave contact details.
item-update = Update
item-status-label = Status
item-priority-label = Priority
item-assignee-label = Assigned to
item-nobody = Nobody
item-save = Save
item-themes = Themes
item-themes-hint = Separate themes with commas, for example: damp, rent arrears.
item-notes = Internal notes
item-notes-hint = Only staff see notes. The resident never does.
item-note-add = Add note
item-no-notes = No notes yet.
item-reply = Reply to the resident
item-reply-hint = The resident sees this on their tracking page. { $emailed }
item-reply-emailed = It is also emailed to them, because they agreed to be contacted.
item-reply-not-emailed = They did not give an email address with consent, so it is not emailed.
item-reply-send = Publish reply
item-replies = Conversation with the resident
item-safeguarding = Safeguarding
item-safeguarding-hint = Flag a concern about someone's safety. This makes the submission urgent and emails the safeguarding contact.
item-safeguarding-reason = Why are you concerned?
item-safeguarding-button = Flag safeguarding concern
item-safeguarding-flagged = Flagged by { $who } on { $date }: { $reason }
item-saved = Saved
item-audit = History

## Staff: audit log
audit-title = Audit log
audit-action = Action
audit-actor = Who (email)
audit-when = When
audit-detail = Detail
audit-none = No entries match.

## Emails from triage
email-reply-subject = We have replied to your message – reference { $reference }
email-reply-intro = The social prescribing team has replied to your message:
email-reply-track = You can also read the reply, and delete your message, using the private link we gave you when you sent it.
email-urgent-unseen-subject = URGENT and not yet seen – { $reference }
email-urgent-unseen-intro = An urgent submission has not been marked as seen by anyone in the { $minutes } minutes since it arrived. Please open it now and follow the safeguarding procedure.
email-assigned-subject = Assigned to you: { $topic } – { $reference }
email-assigned-intro = { $who } has assigned a submission to you.
email-assigned-due = Reply due by
email-safeguarding-subject = SAFEGUARDING concern flagged – { $reference }
email-safeguarding-intro = { $who } has flagged a safeguarding concern about a submission. Please read it in the portal now and follow the safeguarding procedure.

## Statuses as staff see them
staff-status-new = New
staff-status-in-review = In review
staff-status-in-progress = In progress
staff-status-responded = Responded
staff-status-closed = Closed
staff-status-spam = Spam

## Assisted submissions
nav-assisted = Record feedback
assisted-title = Record feedback for a resident
assisted-channel = How did the resident give this feedback?
assisted-language = The resident's language
assisted-language-hint = Emails to the resident are sent in this language.
channel-web = Website
channel-phone = Phone
channel-paper = Paper form
channel-in-person = In person
channel-interpreter = Through an interpreter

## Admin pages
nav-admin = Admin
admin-accounts = Staff accounts
admin-practices = Practices and networks
admin-routing = Routing rules
admin-outbox = Outbox
admin-invite = Invite a member of staff
admin-invite-hint = They get an email with a one-time link to set their password, valid for 7 days.
admin-invite-button = Send invitation
admin-name = Name
admin-role = Role
admin-active = Active
admin-yes = Yes
admin-no = No
admin-change-role = Change role
admin-disable = Disable
admin-enable = Enable
admin-saved = Saved
admin-error-email = Enter a valid email address that has no account yet
admin-error-text = Fill in every field
role-admin = Admin
role-staff = Staff
role-commissioner = Commissioner
admin-code = Code
admin-network = Network
admin-add-practice = Add a practice
admin-add-network = Add a network
admin-add = Add
admin-recipient = Send to
admin-description = Description
admin-rule-practice = Practice (leave empty for any)
admin-rule-topic = Topic (leave empty for any)
admin-add-rule = Add a rule
admin-default-rule = Central triage inbox, set by PORTAL_TRIAGE_EMAIL
admin-any = Any
admin-outbox-empty = No emails are waiting or failed.
admin-outbox-kind = Email
admin-outbox-attempts = Attempts
admin-outbox-next = Next attempt
admin-outbox-error = Last error
admin-retry = Retry
admin-retry-all = Retry all failed emails
email-invite-subject = Your account for Have your say
email-invite-body = An account has been created for you on Have your say, the feedback portal of the social prescribing service. Set your password using this link within 7 days:
email-reset-subject = Reset your Have your say password
email-reset-body = Someone asked to reset the password for this account. If it was you, use this link within 1 hour. If not, you can ignore this email.
forgot-link = Forgotten your password?
forgot-title = Reset your password
forgot-lead = Enter the email address of your account. If there is an account, we will email it a link to set a new password.
forgot-button = Send link
forgot-sent = If there is an account for that address, we have emailed it a link. It works for 1 hour.
admin-topics = Topics
admin-topics-hint = Residents choose from the active topics. A topic switched off stays on earlier submissions.

## Too many requests
error-429-title = Too many attempts from your connection
error-429-body = Wait a while and try again. If you share a connection, for example in a library, someone else may have been using it.

# The kept list of themes.
admin-themes = Themes
themes-hint = Staff give submissions themes from this list, in English and Bengali, and the insights count only themes on it. A theme staff suggest waits here until you accept it or merge it into one on the list.
themes-add = Add a theme
themes-add-button = Add theme
themes-name = Name (English)
themes-name-bn = Name (Bengali)
themes-waiting = Waiting for review
themes-waiting-none = No themes are waiting.
themes-listed = On the list
themes-listed-none = The list is empty.
themes-retired = Retired
themes-retired-none = No themes are retired.
themes-uses = { $count ->
    [one] Given to { $count } submission
   *[other] Given to { $count } submissions
}
themes-rename = Save names
themes-accept = Accept onto the list
themes-merge-into = Merge into
themes-merge = Merge
themes-retire = Retire
themes-relist = Put back on the list
themes-error-name = Enter the theme's name in English
themes-error-taken = A theme with that name is already on the list: merge into it instead
themes-error-merge = Choose a theme on the list to merge into
item-themes-list = Themes on the list
item-themes-suggest = Suggest a new theme
item-themes-suggest-hint = Only if none on the list fits. An admin reviews it before it is counted.
item-themes-suggested = Suggested from the message
item-themes-suggested-hint = From the words kept beside each theme on the list. Add one with a click, or leave it.
item-themes-add = Add "{ $theme }"
themes-keywords = Words and phrases that suggest it (English and Bengali, separated by commas)

## The conversation on the tracking page
track-added = Thank you. We have added this to your message and told the team.
track-added-on = You added this on { $date }
track-add-heading = Add to your message
track-add-label = Add information or answer our reply
track-add-hint = Up to { $max } characters. Do not include anyone else's personal details.
track-add-button = Add to my message
track-add-error-empty = Enter what you want to add to your message

## Lost the link?
start-lost-link = Already sent us something and lost your link?
lost-title = Find your message
lost-intro = Enter your reference and the email address or mobile number you gave with your message. If they match, we will send your private link to it again.
lost-reference-label = Reference
lost-reference-hint = For example, ABCDE-FGHJK. It was on the page after you sent your message.
lost-contact-label = Email address or mobile number
lost-contact-hint = The one you gave when you sent your message.
lost-submit = Send my link
lost-error-reference-missing = Enter your reference
lost-error-reference-invalid = Enter the reference as it was given to you, for example ABCDE-FGHJK
lost-error-contact-missing = Enter the email address or mobile number you gave
lost-error-contact-invalid = Enter an email address like name@example.com or a UK mobile number like 07700 900123
lost-sent-title = Check your email or text messages
lost-sent-body = If the reference and the details you entered match a message, we have sent its private link to them. It may take a few minutes to arrive.
lost-sent-nothing = If nothing arrives, check you used the email address or number you gave with your message. We cannot send the link anywhere else.
lost-sent-again = Try again

## Emails and texts about the link and the conversation
email-link-again-subject = Your private link – reference { $reference }
email-link-again-intro = You asked for the private link to your message { $reference } again. Here it is:
email-link-again-not-you = If you did not ask for this, you do not need to do anything.
email-reply-track-link = Read the whole conversation, add to your message or delete it using your private link:
email-resident-added-subject = The resident added to their message – { $reference }
email-resident-added-intro = The resident has added to their message from their tracking page. Please read it in the portal.
text-confirmation = Have your say: thank you. Your reference is { $reference }. See our reply or add to your message: { $link }
text-tracking-link = Have your say: your private link for { $reference } is { $link } Do not share it.
text-reply = Have your say, { $reference }: { $reply } Read it all and answer: { $link }
item-resident-added = The resident added this on { $date }

## Photos
form-photos-label = Photos (optional)
form-photos-hint = Up to { $max } photos, JPEG or PNG, each up to 10 MB. Only the team can see them. We remove the details cameras add, such as where a photo was taken. If your form shows an error, choose your photos again.
photo-error-too-big = Photo { $number } is larger than 10 MB. Choose a smaller photo.
photo-error-not-image = Photo { $number } is not a JPEG or PNG photo. Choose a JPEG or PNG photo.
photo-error-too-many-pixels = Photo { $number } is too large to open. Choose a smaller photo.
photo-error-unreadable = Photo { $number } is damaged and cannot be opened. Choose another photo.
photo-error-too-many = You can add up to { $number } photos. Choose fewer photos.
item-photos = Photos from the resident
item-photo-alt = Photo { $number } from the resident
item-photo-open = Open photo { $number } ({ $width } × { $height })
