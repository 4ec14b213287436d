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
