# Have your say: বাংলা, staff workspace (duplicates, the daily digest, practices, replies).

## Duplicates
item-duplicate = ডুপ্লিকেট
item-duplicate-label = যেটির ডুপ্লিকেট (রেফারেন্স)
item-duplicate-hint = এই আইটেমটি যে আইটেমের পুনরাবৃত্তি, তার রেফারেন্স, যেমন ABCDE-12345। এই আইটেমটি বন্ধ হবে এবং সেটির সাথে একবারই গোনা হবে।
item-duplicate-button = ডুপ্লিকেট হিসেবে চিহ্নিত করুন
item-duplicate-linked = এই আইটেমটি { $reference }-এর ডুপ্লিকেট। এটি বন্ধ এবং সেই আইটেমের সাথে একবারই গোনা হয়।
item-duplicate-unlink = ডুপ্লিকেট নয়: আবার খুলুন
item-duplicate-of = ডুপ্লিকেট হিসেবে বন্ধ, মূল আইটেম
item-duplicates = এই আইটেমের সাথে যুক্ত ডুপ্লিকেট:
item-duplicate-error-reference = 10টি অক্ষর ও সংখ্যার একটি রেফারেন্স লিখুন, যেমন ABCDE-12345
item-duplicate-error-not-found = এই রেফারেন্সের কোনো আইটেম নেই
item-duplicate-error-itself = কোনো আইটেম নিজের ডুপ্লিকেট হতে পারে না

## The daily digest email
email-digest-subject = Have your say: আজ বা আগেই উত্তর দেওয়ার কথা এমন আইটেম: { $count } ({ $overdue }টির সময় পেরিয়ে গেছে)
email-digest-intro = আপনাকে দেওয়া এই আইটেমগুলো খোলা আছে এবং এদের উত্তর আজ দেওয়ার কথা বা সময় পেরিয়ে গেছে।
email-digest-intro-unassigned = এই আইটেমগুলো কাউকে দেওয়া হয়নি, খোলা আছে, এবং এদের উত্তর আজ দেওয়ার কথা বা সময় পেরিয়ে গেছে।
email-digest-overdue = সময় পেরিয়ে গেছে, শেষ তারিখ ছিল
email-digest-due-today = আজ শেষ তারিখ
email-digest-more = আরও { $count }টি: ইনবক্স দেখুন।
email-digest-inbox = ইনবক্স খুলুন, আগে শেষ তারিখ যেগুলোর

## Staff linked to practices and networks; routing to staff accounts
admin-links-column = প্র্যাকটিস
admin-links-change = প্র্যাকটিস ও নেটওয়ার্ক
admin-links-title = { $name }-এর প্র্যাকটিস ও নেটওয়ার্ক
admin-links-lead = এই প্র্যাকটিসগুলো সম্পর্কে জমা দেওয়া বিষয় { $email }-এর ইনবক্সে "আমার প্র্যাকটিস"-এ দেখা যায়।
admin-links-networks = প্রাইমারি কেয়ার নেটওয়ার্ক
admin-links-networks-hint = একটি নেটওয়ার্ক তার সব প্র্যাকটিস ধরে, পরে যোগ করা প্র্যাকটিসসহ।
admin-links-practices = জিপি প্র্যাকটিস
admin-save = সেভ করুন
admin-recipient-hint = একটি ইমেইল ঠিকানা, অথবা খালি রেখে নিচে একটি স্টাফ অ্যাকাউন্ট বেছে নিন।
admin-rule-staff = অথবা একটি স্টাফ অ্যাকাউন্ট
admin-rule-staff-none = কোনো অ্যাকাউন্ট নয়: ঠিকানাটি ব্যবহার করুন
admin-error-email-or-staff = একটি ঠিকানা দিন অথবা একটি স্টাফ অ্যাকাউন্ট বেছে নিন, দুটোই নয়, এবং একটি বিবরণ দিন
inbox-views = ভিউ
inbox-my-practices = আমার প্র্যাকটিস

## Public replies: edit, withdraw, templates
item-reply-error-empty = উত্তরটি লিখুন, সর্বোচ্চ 5,000 অক্ষরে
item-reply-edited = সম্পাদিত { $time }
item-reply-withdrawn = প্রত্যাহার করা হয়েছে { $time }: বাসিন্দা আর এই উত্তরটি দেখেন না।
item-reply-earlier = আগের লেখা ({ $count })
item-reply-replaced = { $who } বদলেছেন, { $time }
item-reply-change = এই উত্তরটি সম্পাদনা বা প্রত্যাহার করুন
item-reply-edit-label = বাসিন্দা যেভাবে উত্তরটি দেখেন
item-reply-edit-save = নতুন লেখা সেভ করুন
item-reply-withdraw-hint = প্রত্যাহার করলে উত্তরটি বাসিন্দার ট্র্যাকিং পেজ থেকে সরে যায়। আগেই পাঠানো ইমেইল ফেরত নেওয়া যায় না।
item-reply-withdraw = উত্তর প্রত্যাহার করুন
item-reply-template = একটি টেমপ্লেট থেকে শুরু করুন
item-reply-template-en = ইংরেজি
item-reply-template-bn = বাংলা
item-reply-template-insert = উত্তরের বাক্সে বসান
admin-templates = উত্তরের টেমপ্লেট
admin-templates-lead = স্টাফ যে লেখা থেকে প্রকাশ্য উত্তর শুরু করতে পারেন, ইংরেজি ও বাংলায়। পাঠানোর আগে স্টাফ তা মানিয়ে নেন।
admin-templates-none = এখনও কোনো টেমপ্লেট নেই।
admin-template-title = নাম
admin-template-en = ইংরেজিতে লেখা
admin-template-bn = বাংলায় লেখা
admin-template-bn-hint = ঐচ্ছিক। না থাকলে, বাংলায় উত্তর দেওয়া স্টাফ ইংরেজি থেকে শুরু করেন।
admin-template-add = একটি টেমপ্লেট যোগ করুন
admin-template-error-title = টেমপ্লেটের একটি নাম লিখুন
admin-template-error-en = ইংরেজি লেখাটি লিখুন, সর্বোচ্চ 5,000 অক্ষরে
admin-template-error-bn = বাংলা লেখা সর্বোচ্চ 5,000 অক্ষরের হতে পারে

## Keyboard triage (the staff islands; shown only when JavaScript runs)
keys-hint = কীবোর্ড শর্টকাট দেখতে ? চাপুন।
keys-title = কীবোর্ড শর্টকাট
keys-next = তালিকার পরের আইটেম
keys-previous = তালিকার আগের আইটেম
keys-open = বেছে নেওয়া আইটেমটি খুলুন
keys-select = একসাথে পদক্ষেপের জন্য বেছে নেওয়া আইটেমটি সিলেক্ট করুন
keys-search = ইনবক্সে খুঁজুন
keys-status = স্ট্যাটাস বদলান (আইটেম পেজ)
keys-help = এই শর্টকাটগুলো দেখান বা লুকান
keys-close = এই শর্টকাটগুলো বন্ধ করুন
keys-fields = ফর্মের ঘরে টাইপ করা কী কখনো শর্টকাট হিসেবে ধরা হয় না।
inbox-urgent-arrived = নতুন জরুরি আইটেম তালিকার উপরে এসেছে।
item-note-error = সর্বোচ্চ 5,000 অক্ষরে নোট লিখুন, অথবা নোটের ঘর খালি রাখুন
