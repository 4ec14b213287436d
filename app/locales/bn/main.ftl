# Have your say: বাংলা (Bengali). Every key here must exist in every other language file.
# সহজ ভাষায় লিখুন: ছোট বাক্য, প্রতিদিনের শব্দ, আপনি-সম্বোধন।
# Numbers, phone numbers and web addresses use Latin digits (0-9) so they match what people dial and type.

## Site furniture
service-name = Have your say – আপনার মতামত
service-org = টাওয়ার হ্যামলেটস সোশ্যাল প্রেসক্রাইবিং
title-suffix = Have your say – টাওয়ার হ্যামলেটস সোশ্যাল প্রেসক্রাইবিং
skip-link = মূল লেখায় চলে যান
error-title-prefix = ত্রুটি:
footer-privacy = গোপনীয়তা
footer-accessibility = অ্যাক্সেসিবিলিটি (সবার জন্য ব্যবহারযোগ্যতা)
footer-help = এখনই সাহায্য দরকার?
footer-help-999 = ইমার্জেন্সি: 999
footer-help-111 = NHS 111
footer-help-samaritans = Samaritans: 116 123
footer-help-service = এই সেবা: { $number }
footer-run-by = টাওয়ার হ্যামলেটসের বাসিন্দাদের জন্য Tower Hamlets GP Care Group এটি চালায়।
back-link = পেছনে যান
language-name = বাংলা

## Urgent help box
urgent-heading = আপনার যদি এখনই সাহায্য দরকার হয়
urgent-999 = আপনি বা অন্য কেউ বিপদে থাকলে বা খুব অসুস্থ হলে:
urgent-111 = জরুরি চিকিৎসা দরকার হলে, কিন্তু ইমার্জেন্সি না হলে, 111.nhs.uk ওয়েবসাইটে যান বা
urgent-samaritans = দিনে বা রাতে যেকোনো সময় কারও সাথে কথা বলতে চাইলে, বিনা খরচে:
urgent-999-call = 999 নম্বরে ফোন করুন
urgent-111-call = NHS 111 নম্বরে ফোন করুন
urgent-samaritans-call = Samaritans-কে 116 123 নম্বরে ফোন করুন
urgent-service = আপনার বার্তা নিয়ে সোশ্যাল প্রেসক্রাইবিং টিমের সাথে কথা বলতে, কাজের সময়ে:
urgent-service-call = { $number } নম্বরে ফোন করুন
urgent-page-title = এখনই সাহায্য নিন
urgent-page-back = শুরুতে ফিরে যান
urgent-not-monitored = আমরা মেসেজ সাথে সাথে পড়ি না, তাই জরুরি সাহায্য চাইতে এই ফর্ম ব্যবহার করবেন না।

## Start page
start-title = আপনার মতামত আমাদের জানান
start-lead = সোশ্যাল প্রেসক্রাইবিং সার্ভিস নিয়ে আপনার মতামত পাঠান, অথবা টাওয়ার হ্যামলেটসে মানুষের স্বাস্থ্য ও ভালো থাকা উন্নত করতে পারে এমন কোনো আইডিয়া পাঠান।
start-what-heading = আপনি কী পাঠাতে পারেন
start-what-feedback = আমাদের সার্ভিস নিয়ে মতামত – ভালো বা খারাপ
start-what-idea = টাওয়ার হ্যামলেটসের মানুষের উপকারে আসবে এমন কোনো আইডিয়া বা কমিউনিটি প্রজেক্ট
start-who-heading = কে এটি পড়েন
start-who-body = Tower Hamlets GP Care Group-এর সোশ্যাল প্রেসক্রাইবিং টিম প্রতিটি মেসেজ পড়ে। সোশ্যাল প্রেসক্রাইবাররা বাসস্থান, টাকা-পয়সা, একাকীত্ব এবং কারও দেখাশোনা করার মতো বিষয়ে মানুষকে সাহায্য করেন।
start-next-heading = এরপর কী হবে
start-next-body = আপনি একটি রেফারেন্স নম্বর এবং অগ্রগতি দেখার জন্য একটি ব্যক্তিগত লিংক পাবেন। আপনি যোগাযোগের তথ্য দিলে এবং রাজি থাকলে, আমরা 10 কাজের দিনের মধ্যে উত্তর দেব।
start-time = এতে প্রায় 5 মিনিট লাগে। আপনি যেকোনো ভাষায় লিখতে পারেন।
start-privacy-heading = আপনার গোপনীয়তা
start-privacy-body = আপনার নাম দিতে হবে না। আপনি যোগাযোগের তথ্য দিলে, আমরা শুধু আপনাকে উত্তর দিতে সেটি ব্যবহার করি।
start-privacy-link = আমরা আপনার তথ্য কীভাবে ব্যবহার করি
start-button = এখনই শুরু করুন
start-other-ways = আপনার সোশ্যাল প্রেসক্রাইবার বা আপনার GP প্র্যাকটিসের স্টাফদের সাথে কথা বলেও আপনি মতামত দিতে পারেন।

## Feedback form
form-title = মতামত বা আইডিয়া পাঠান
form-kind-legend = আপনি কী পাঠাচ্ছেন?
form-kind-feedback = আমাদের সার্ভিস নিয়ে মতামত
form-kind-feedback-hint = কী ভালো হয়েছে বা কী আরও ভালো হতে পারত, আমাদের জানান।
form-kind-idea = টাওয়ার হ্যামলেটসে স্বাস্থ্য ও ভালো থাকা উন্নত করার একটি আইডিয়া
form-kind-idea-hint = যেমন, এমন কোনো গ্রুপ, অ্যাক্টিভিটি বা সার্ভিস যা মানুষের উপকারে আসবে।
form-topic-label = এটি কোন বিষয়ে?
form-topic-choose = একটি বিষয় বেছে নিন
form-practice-label = আপনার GP প্র্যাকটিস (না দিলেও চলবে)
form-practice-hint = এতে আপনার মেসেজ সঠিক সোশ্যাল প্রেসক্রাইবারের কাছে পাঠাতে আমাদের সুবিধা হয়।
form-practice-none = আপনার GP প্র্যাকটিস বেছে নিন
form-practice-not-sure = আমি নিশ্চিত নই
form-message-label = আপনার মেসেজ
form-message-hint = যেকোনো ভাষায় লিখুন। আপনি সর্বোচ্চ { $max } অক্ষর লিখতে পারেন। অন্য কারও নাম বা তথ্য লিখবেন না।
form-contact-legend = আমরা কি আপনার সাথে যোগাযোগ করতে পারি? (না দিলেও চলবে)
form-contact-hint = নাম না জানিয়ে পাঠাতে চাইলে এগুলো খালি রাখুন। আমরা শুধু এই মেসেজের উত্তর দিতে আপনার তথ্য ব্যবহার করি।
form-name-label = আপনার নাম (না দিলেও চলবে)
form-email-label = ইমেইল ঠিকানা (না দিলেও চলবে)
form-email-hint = আমরা আপনাকে একটি নিশ্চিতকরণ ইমেইল এবং আমাদের উত্তর পাঠাব।
form-phone-label = ফোন নম্বর (না দিলেও চলবে)
form-phone-hint = যেমন: 07700 900 982
form-contact-consent = এই মেসেজের ব্যাপারে সোশ্যাল প্রেসক্রাইবিং টিম আমার সাথে যোগাযোগ করতে পারে, এতে আমি রাজি
form-publish-legend = আপনার লেখা শেয়ার করা (না দিলেও চলবে)
form-publish-consent = আমি যা লিখেছি তা আপনারা বেনামি উদ্ধৃতি হিসেবে প্রকাশ করতে পারেন, আমার নাম বা আমাকে চেনা যায় এমন কোনো তথ্য ছাড়া
form-honeypot-label = এই ঘরটি খালি রাখুন
form-submit = পাঠান
form-error-summary-title = একটি সমস্যা হয়েছে

## Validation errors
error-kind-missing = আপনি মতামত নাকি আইডিয়া পাঠাচ্ছেন, তা বেছে নিন
error-topic-missing = আপনার মেসেজ কোন বিষয়ে, তা বেছে নিন
error-practice-invalid = তালিকা থেকে আপনার GP প্র্যাকটিস বেছে নিন, অথবা "আমি নিশ্চিত নই" বেছে নিন
error-message-missing = আপনার মেসেজ লিখুন
error-message-too-long = আপনার মেসেজ সর্বোচ্চ { $max } অক্ষরের হতে পারে। এখন এটি { $count } অক্ষর।
error-message-control = আপনার মেসেজে এমন কিছু লুকানো অক্ষর আছে যা আমরা নিতে পারি না। শুধু লেখাটুকু কপি করে আবার চেষ্টা করুন।
error-name-too-long = আপনার নাম সর্বোচ্চ { $max } অক্ষরের হতে পারে
error-name-control = আপনার নাম এক লাইনে হতে হবে এবং এতে শুধু অক্ষর, সংখ্যা ও যতিচিহ্ন থাকতে পারবে
error-email-invalid = সঠিকভাবে ইমেইল ঠিকানা লিখুন, যেমন name@example.com
error-phone-invalid = সঠিকভাবে ফোন নম্বর লিখুন, যেমন 07700 900 982 বা 020 7946 0000
error-consent-missing = আমরা আপনার সাথে যোগাযোগ করতে পারি, এতে রাজি থাকলে ঘরে টিক দিন, অথবা আপনার যোগাযোগের তথ্য মুছে দিন
error-contact-method-missing = আমরা যাতে আপনার সাথে যোগাযোগ করতে পারি, সেজন্য একটি ইমেইল ঠিকানা বা ফোন নম্বর লিখুন
error-honeypot = এই ঘরটি খালি রাখুন। আপনি যদি মানুষ হন, তাহলে এটি খালি করে আবার পাঠান।
error-message-links = আপনার মেসেজে { $max }টির বেশি ওয়েব লিংক আছে। কিছু লিংক সরিয়ে আবার পাঠান।
error-too-fast = এটি খুব তাড়াতাড়ি পাঠানো হয়েছে। আপনার মেসেজটি দেখে নিয়ে আবার পাঠান।
error-form-expired = এই ফর্মটি যাচাই করা যায়নি। আপনার মেসেজটি দেখে নিয়ে আবার পাঠান।

## Confirmation page
confirm-title = ধন্যবাদ, আমরা আপনার মেসেজ পেয়েছি
confirm-reference-label = আপনার রেফারেন্স নম্বর
confirm-reference-hint = দয়া করে এই রেফারেন্স নম্বরটি রেখে দিন। আপনার মেসেজ নিয়ে আমাদের সাথে যোগাযোগ করলে এই নম্বরটি বলবেন।
confirm-next-heading = এরপর কী হবে
confirm-next-body = সোশ্যাল প্রেসক্রাইবিং টিম 5 কাজের দিনের মধ্যে আপনার মেসেজ পড়বে।
confirm-next-contact = আপনি যোগাযোগ করতে রাজি হয়ে থাকলে, আমরা 10 কাজের দিনের মধ্যে উত্তর দেব।
confirm-next-anonymous = আপনি যোগাযোগের তথ্য দেননি, তাই আমরা সরাসরি আপনাকে উত্তর দিতে পারব না। আমাদের উত্তর দেখতে আপনার ব্যক্তিগত লিংকটি দেখুন।
confirm-track-heading = অগ্রগতি দেখুন
confirm-track-body = আপনার মেসেজের অগ্রগতি ও আমাদের উত্তর দেখতে, অথবা মেসেজটি মুছে ফেলতে এই ব্যক্তিগত লিংকটি ব্যবহার করুন। লিংকটি যার কাছে থাকবে সে-ই আপনার মেসেজ দেখতে পারবে, তাই এটি নিরাপদে রাখুন।
confirm-track-link = আপনার ব্যক্তিগত লিংক
confirm-another = আরেকটি মেসেজ পাঠান

## Tracking page
track-title = আপনার মেসেজ
track-reference = রেফারেন্স
track-sent = পাঠানো হয়েছে
track-kind = ধরন
track-topic = বিষয়
track-status = অবস্থা
track-your-message = আপনি যা লিখেছেন
track-replies-heading = আমাদের উত্তর
track-no-replies = আমরা এখনও উত্তর দিইনি। আমাদের উত্তর এখানে দেখানো হবে।
track-replied-on = উত্তর পাঠানো হয়েছে { $date }
track-delete-heading = আপনার মেসেজ মুছে ফেলুন
track-delete-body = আপনি আপনার মেসেজ এবং যোগাযোগের যেকোনো তথ্য মুছে ফেলতে পারেন। এরপর আমরা আর এটি দেখতে বা এর উত্তর দিতে পারব না।
track-delete-button = আমার মেসেজ মুছে ফেলুন

## Statuses as residents see them
status-new = পাওয়া গেছে
status-new-hint = আমরা আপনার মেসেজ পেয়েছি এবং শিগগিরই পড়ব।
status-in-review = পড়া হচ্ছে
status-in-review-hint = টিমের একজন সদস্য আপনার মেসেজ পড়ছেন।
status-in-progress = কাজ চলছে
status-in-progress-hint = আপনি যা জানিয়েছেন আমরা তা খতিয়ে দেখছি।
status-responded = উত্তর দেওয়া হয়েছে
status-responded-hint = আমরা উত্তর দিয়েছি। নিচে আমাদের উত্তর পড়তে পারেন।
status-closed = বন্ধ
status-closed-hint = আপনার মেসেজের ব্যাপারে আমাদের কাজ শেষ হয়েছে।
status-spam = বন্ধ
status-spam-hint = আপনার মেসেজের ব্যাপারে আমাদের কাজ শেষ হয়েছে।

## Delete confirmation
delete-title = আপনি কি নিশ্চিত যে আপনার মেসেজ মুছে ফেলতে চান?
delete-body = এতে আপনার মেসেজ, আপনার যোগাযোগের তথ্য এবং আমাদের যেকোনো উত্তর মুছে যাবে। এটি আর ফেরত আনা যাবে না।
delete-confirm-button = হ্যাঁ, আমার মেসেজ মুছে ফেলুন
delete-cancel = না, আমার মেসেজ রেখে দিন
deleted-title = আপনার মেসেজ মুছে ফেলা হয়েছে
deleted-body = আমরা আপনার মেসেজ এবং আপনার দেওয়া যোগাযোগের সব তথ্য মুছে ফেলেছি।
deleted-again = নতুন মেসেজ পাঠান

## Kinds and topics
kind-feedback = মতামত
kind-idea = আইডিয়া
topic-housing = বাসস্থান
topic-money-and-debt = টাকা-পয়সা ও ঋণ
topic-benefits = বেনিফিট (ভাতা)
topic-employment = চাকরি ও কাজ
topic-volunteering = স্বেচ্ছাসেবী কাজ
topic-parenting = সন্তান লালন-পালন
topic-physical-activity = ব্যায়াম ও খেলাধুলা
topic-mental-wellbeing = মানসিক সুস্থতা
topic-loneliness = একাকীত্ব
topic-caring = কারও দেখাশোনা করা
topic-other = অন্য কিছু

## Privacy notice
privacy-title = আমরা আপনার তথ্য কীভাবে ব্যবহার করি
privacy-who-heading = আমরা কারা
privacy-who-body = টাওয়ার হ্যামলেটসের সোশ্যাল প্রেসক্রাইবিং সার্ভিসের জন্য Tower Hamlets GP Care Group এই ওয়েবসাইটটি চালায়। আপনি আমাদের যা পাঠান, তার ডেটা কন্ট্রোলার (তথ্যের দায়িত্বে থাকা প্রতিষ্ঠান) আমরা।
privacy-what-heading = আমরা কী তথ্য রাখি
privacy-what-body = আপনি যা পাঠাতে বেছে নেন আমরা তা রাখি: এটি মতামত নাকি আইডিয়া, বিষয়, আপনার GP প্র্যাকটিস (যদি বেছে নেন), আপনার মেসেজ, পেজের ভাষা, এবং তারিখ ও সময়। আপনি দিলে, আমরা আপনার নাম, ইমেইল ঠিকানা ও ফোন নম্বরও রাখি, এবং আপনি যোগাযোগ বা উদ্ধৃতির জন্য রাজি হয়েছেন কি না তাও রাখি।
privacy-not-heading = আমরা কী তথ্য রাখি না
privacy-not-body = আমরা ট্র্যাকিং কুকি বা অ্যানালিটিক্স ব্যবহার করি না। আপনার মেসেজের সাথে আমরা আপনার IP অ্যাড্রেস রাখি না। আমাদের সার্ভারের লগে কোন পেজ কখন দেখা হয়েছে তা থাকে, কিন্তু আপনি কী লিখেছেন বা আপনার যোগাযোগের তথ্য থাকে না।
privacy-why-heading = আমরা কেন এটি ব্যবহার করি
privacy-why-body = সোশ্যাল প্রেসক্রাইবিং সার্ভিস উন্নত করতে এবং টাওয়ার হ্যামলেটসের মানুষের কাছে কী গুরুত্বপূর্ণ তা বুঝতে আমরা আপনার মেসেজ ব্যবহার করি। যোগাযোগের তথ্য আমরা শুধু আপনার মেসেজের ব্যাপারে আপনাকে উত্তর দিতে ব্যবহার করি। মেসেজে থাকা স্বাস্থ্য ও ব্যক্তিগত তথ্য হলো "বিশেষ শ্রেণির ডেটা" (special category data): স্বাস্থ্য ও সামাজিক সেবা দিতে এবং উন্নত করতে আমরা এটি ব্যবহার করি।
privacy-who-sees-heading = কে এটি দেখতে পারে
privacy-who-sees-body = শুধু Tower Hamlets GP Care Group-এর সোশ্যাল প্রেসক্রাইবিং টিম ও ম্যানেজাররা। যারা এই সার্ভিসের খরচ দেন, তারা শুধু সংখ্যা ও মূল বিষয়গুলো দেখেন, কখনো আপনার নাম বা যোগাযোগের তথ্য দেখেন না। আপনি রাজি হলে তবেই আমরা উদ্ধৃতি প্রকাশ করি, এবং কখনো আপনার নামসহ নয়।
privacy-keep-heading = আমরা কতদিন এটি রাখি
privacy-keep-body = আপনার ফিডব্যাক বা আইডিয়ার কাজ শেষ করার ৯০ দিন পর আমরা আপনার নাম, ইমেইল ঠিকানা ও ফোন নম্বর মুছে ফেলি। কাজ শেষ হওয়ার দুই বছর পর আপনার মেসেজ, এবং এ নিয়ে লেখা নোট ও উত্তর, সরিয়ে সেখানে লিখে রাখি যে তা মুছে ফেলা হয়েছে: শুধু সংখ্যাগুলো থাকে, আপনার সম্পর্কে কিছু নয়। আপনি চাইলে আগেই আপনার ব্যক্তিগত লিংক দিয়ে সব মুছে ফেলতে পারেন, অথবা আমাদের মুছে ফেলতে বলতে পারেন। ব্যাকআপ ৩০ দিন পর মুছে ফেলা হয়।
privacy-rights-heading = আপনার অধিকার
privacy-rights-body = আপনার ব্যক্তিগত লিংক ব্যবহার করে আপনি যেকোনো সময় আপনার মেসেজ মুছে ফেলতে পারেন। এছাড়া সোশ্যাল প্রেসক্রাইবিং টিমের সাথে যোগাযোগ করে এবং আপনার রেফারেন্স নম্বর বলে, আমাদের কাছে থাকা তথ্যের একটি কপি চাইতে, তা ঠিক করতে বা মুছে ফেলতে বলতে পারেন। আপনি Information Commissioner's Office (ICO)-এর কাছে ico.org.uk ওয়েবসাইটে অভিযোগ করতে পারেন।

## Accessibility statement
a11y-title = অ্যাক্সেসিবিলিটি বিবৃতি
a11y-intro = এই বিবৃতিটি Tower Hamlets GP Care Group-এর চালানো Have your say ওয়েবসাইট নিয়ে। আমরা চাই যত বেশি সম্ভব মানুষ এটি ব্যবহার করতে পারুক।
a11y-can-heading = আপনি যা যা করতে পারবেন
a11y-can-body = মাউস ছাড়া, স্ক্রিন রিডার দিয়ে, 400% পর্যন্ত জুম করে, ছোট স্ক্রিনে, এবং JavaScript বন্ধ রেখেও আপনি প্রতিটি পেজ ব্যবহার করতে পারবেন।
a11y-status-heading = এই ওয়েবসাইট কতটা অ্যাক্সেসিবল
a11y-status-body = আমরা ইংরেজি ও বাংলা দুই ভাষাতেই Web Content Accessibility Guidelines (WCAG 2.2)-এর AA লেভেল মেনে চলার চেষ্টা করি। প্রতিটি পেজ একটি আসল ব্রাউজারে axe-core ও Nu HTML checker দিয়ে স্বয়ংক্রিয়ভাবে পরীক্ষা করা হয়, ছোট ফোনের মাপে (320 পিক্সেল) এবং কম্পিউটারের স্ক্রিনে। মূল ধাপগুলো শুধু কিবোর্ড দিয়েও পরীক্ষা করা হয়। স্বয়ংক্রিয় পরীক্ষা সব সমস্যা ধরতে পারে না। এখনও কোনো স্বাধীন অডিট হয়নি, এবং স্ক্রিন রিডার, ম্যাগনিফায়ার বা ভয়েস কন্ট্রোল ব্যবহারকারীদের দিয়ে পরীক্ষা করানো হয়নি।
a11y-feedback-heading = সমস্যার কথা জানানো
a11y-feedback-body = এই ওয়েবসাইটে কোনো সমস্যা পেলে, অথবা অন্য কোনো ফরম্যাটে বা ভাষায় তথ্য দরকার হলে, এই ওয়েবসাইটের মাধ্যমে আমাদের জানান বা আপনার সোশ্যাল প্রেসক্রাইবারকে বলুন। আমরা 10 কাজের দিনের মধ্যে উত্তর দেব।
a11y-enforcement-heading = নিয়ম প্রয়োগ
a11y-enforcement-body = অ্যাক্সেসিবিলিটির নিয়ম প্রয়োগের দায়িত্ব Equality and Human Rights Commission (EHRC)-এর। আপনার অভিযোগের ব্যাপারে আমাদের উত্তরে আপনি খুশি না হলে, Equality Advisory and Support Service (EASS)-এর সাথে যোগাযোগ করুন।
a11y-prepared = এই বিবৃতিটি নভেম্বর 2026-এ তৈরি করা হয়েছে।

## Error pages
error-404-title = পেজটি পাওয়া যায়নি
error-404-body = আপনি নিজে ওয়েব ঠিকানা টাইপ করে থাকলে, সেটি ঠিক আছে কি না দেখুন। মেসেজ দেখতে ব্যক্তিগত লিংক ব্যবহার করে থাকলে, হয়তো মেসেজটি মুছে ফেলা হয়েছে।
error-400-title = দুঃখিত, আপনি যা পাঠিয়েছেন তা আমরা পড়তে পারিনি
error-400-body = ফর্মে ফিরে গিয়ে আবার চেষ্টা করুন।
error-405-title = দুঃখিত, এটি কাজ করেনি
error-405-body = শুরুর পেজে ফিরে গিয়ে আবার চেষ্টা করুন।
error-413-title = আপনি যা পাঠিয়েছেন তা অনেক বড়
error-413-body = আপনার মেসেজ পাঠানোর জন্য অনেক লম্বা। পেছনে যান, এটি ছোট করে { $max } অক্ষর বা তার কম করুন, তারপর আবার চেষ্টা করুন।
error-500-title = দুঃখিত, সার্ভিসে একটি সমস্যা হয়েছে
error-500-body = পরে আবার চেষ্টা করুন। আপনি রেফারেন্স নম্বর না দেখে থাকলে, আপনার মেসেজ পাঠানো হয়নি।
error-503-title = দুঃখিত, সার্ভিসটি এখন পাওয়া যাচ্ছে না
error-503-body = কয়েক মিনিট পরে আবার চেষ্টা করুন। আপনি রেফারেন্স নম্বর না দেখে থাকলে, আপনার মেসেজ পাঠানো হয়নি।
error-home-link = শুরুর পেজে যান

## Months, for dates like "23 November 2026"
month-1 = জানুয়ারি
month-2 = ফেব্রুয়ারি
month-3 = মার্চ
month-4 = এপ্রিল
month-5 = মে
month-6 = জুন
month-7 = জুলাই
month-8 = আগস্ট
month-9 = সেপ্টেম্বর
month-10 = অক্টোবর
month-11 = নভেম্বর
month-12 = ডিসেম্বর

## Emails to staff (staff read them in English; keys exist in every language all the same)
email-staff-subject = নতুন { $kind } – { $topic } – { $reference }
email-urgent-subject = জরুরি: সম্ভাব্য ঝুঁকি – { $topic } – { $reference }
email-staff-intro = একজন বাসিন্দা Have your say-এর মাধ্যমে একটি নতুন মেসেজ পাঠিয়েছেন।
email-urgent-intro = একটি নতুন মেসেজে কারও জীবন বা নিরাপত্তার ঝুঁকির কথা থাকতে পারে। দয়া করে এখনই পোর্টালে এটি পড়ুন এবং সেফগার্ডিং পদ্ধতি মেনে চলুন।
email-staff-reference = রেফারেন্স
email-staff-kind = ধরন
email-staff-topic = বিষয়
email-staff-practice = GP প্র্যাকটিস
email-staff-practice-none = দেওয়া হয়নি
email-staff-practice-unsure = নিশ্চিত নন
email-staff-received = পাওয়ার সময়
email-staff-contact = যোগাযোগ চান
email-staff-yes = হ্যাঁ
email-staff-no = না
email-staff-message = মেসেজ
email-staff-open = পোর্টালে খুলুন
email-staff-privacy = নিরাপদ রাখার জন্য মেসেজ ও যোগাযোগের তথ্য এই ইমেইলে নয়, পোর্টালে আছে।
email-staff-footer = আপনি এই ইমেইল পাচ্ছেন কারণ Have your say-এর রাউটিং নিয়ম অনুযায়ী নতুন মেসেজ এই ঠিকানায় পাঠানো হয়।

## Email to the resident
email-resident-subject = আমরা আপনার মেসেজ পেয়েছি – রেফারেন্স { $reference }
email-resident-greeting = আপনার মেসেজের জন্য ধন্যবাদ।
email-resident-reference = আপনার রেফারেন্স নম্বর হলো { $reference }।
email-resident-next = সোশ্যাল প্রেসক্রাইবিং টিম 5 কাজের দিনের মধ্যে আপনার মেসেজ পড়বে এবং 10 কাজের দিনের মধ্যে উত্তর দেবে।
email-resident-track = আপনার ব্যক্তিগত লিংক ব্যবহার করে মেসেজের অগ্রগতি দেখুন, আমাদের উত্তর পড়ুন বা মেসেজটি মুছে ফেলুন:
email-resident-private = এই লিংক যার কাছে থাকবে সে-ই আপনার মেসেজ দেখতে পারবে, তাই এটি কারও সাথে শেয়ার করবেন না।
email-resident-urgent = আপনার যদি এখনই সাহায্য দরকার হয়: ইমার্জেন্সিতে 999 নম্বরে ফোন করুন, জরুরি চিকিৎসার জন্য NHS 111-এ ফোন করুন, অথবা যেকোনো সময় Samaritans-কে 116 123 নম্বরে বিনা খরচে ফোন করুন।
email-resident-footer = Have your say – টাওয়ার হ্যামলেটস সোশ্যাল প্রেসক্রাইবিং, Tower Hamlets GP Care Group দ্বারা পরিচালিত। আপনি এই ইমেইল পাচ্ছেন কারণ আপনি আমাদের আপনার সাথে যোগাযোগ করতে বলেছেন।

## Language switch and quick exit
language-switch-label = ভাষা
quick-exit = এই পেজ থেকে বের হন
quick-exit-hint = তাড়াতাড়ি এই ওয়েবসাইট থেকে বের হয়ে যান। আপনি ব্যাক বাটনও চাপতে পারেন।

# থিমের তালিকা।
admin-themes = থিম
themes-hint = স্টাফ এই তালিকা থেকে মতামতে থিম দেন, ইংরেজি ও বাংলায়, আর ইনসাইটসে শুধু তালিকার থিম গোনা হয়। স্টাফের প্রস্তাব করা থিম এখানে অপেক্ষা করে, যতক্ষণ না আপনি সেটি গ্রহণ করেন বা তালিকার কোনো থিমের সঙ্গে মিলিয়ে দেন।
themes-add = থিম যোগ করুন
themes-add-button = থিম যোগ করুন
themes-name = নাম (ইংরেজি)
themes-name-bn = নাম (বাংলা)
themes-waiting = পর্যালোচনার অপেক্ষায়
themes-waiting-none = কোনো থিম অপেক্ষায় নেই।
themes-listed = তালিকায় আছে
themes-listed-none = তালিকা খালি।
themes-retired = বাদ দেওয়া
themes-retired-none = কোনো থিম বাদ দেওয়া হয়নি।
themes-uses = { $count ->
    [one] { $count }টি মতামতে দেওয়া
   *[other] { $count }টি মতামতে দেওয়া
}
themes-rename = নাম সংরক্ষণ করুন
themes-accept = তালিকায় গ্রহণ করুন
themes-merge-into = যার সঙ্গে মেলাবেন
themes-merge = মিলিয়ে দিন
themes-retire = বাদ দিন
themes-relist = আবার তালিকায় আনুন
themes-error-name = থিমের নাম ইংরেজিতে লিখুন
themes-error-taken = এই নামে একটি থিম তালিকায় আছে: তার সঙ্গে মিলিয়ে দিন
themes-error-merge = মেলানোর জন্য তালিকার একটি থিম বেছে নিন
item-themes-list = তালিকার থিম
item-themes-suggest = নতুন থিম প্রস্তাব করুন
item-themes-suggest-hint = শুধু তালিকার কোনোটি না মিললে। গোনার আগে একজন অ্যাডমিন এটি দেখবেন।
item-themes-suggested = বার্তা থেকে প্রস্তাবিত
item-themes-suggested-hint = তালিকার প্রতিটি থিমের পাশে রাখা শব্দ থেকে। একটি ক্লিকে যোগ করুন, অথবা রেখে দিন।
item-themes-add = "{ $theme }" যোগ করুন
themes-keywords = যেসব শব্দ ও বাক্যাংশ থেকে এটি প্রস্তাব করা হয় (ইংরেজি ও বাংলা, কমা দিয়ে আলাদা)

## The conversation on the tracking page
track-added = ধন্যবাদ। আমরা এটি আপনার মেসেজে যোগ করেছি এবং টিমকে জানিয়েছি।
track-added-on = আপনি এটি { $date } তারিখে যোগ করেছেন
track-add-heading = আপনার মেসেজে কিছু যোগ করুন
track-add-label = আরও তথ্য দিন বা আমাদের উত্তরের জবাব দিন
track-add-hint = সর্বোচ্চ { $max } অক্ষর। অন্য কারও ব্যক্তিগত তথ্য দেবেন না।
track-add-button = আমার মেসেজে যোগ করুন
track-add-error-empty = আপনার মেসেজে কী যোগ করতে চান তা লিখুন

## Lost the link?
start-lost-link = আগে কিছু পাঠিয়েছেন এবং লিংকটি হারিয়ে ফেলেছেন?
lost-title = আপনার মেসেজ খুঁজুন
lost-intro = আপনার রেফারেন্স এবং মেসেজের সাথে যে ইমেইল ঠিকানা বা মোবাইল নম্বর দিয়েছিলেন তা লিখুন। মিলে গেলে, আমরা আপনার ব্যক্তিগত লিংকটি আবার সেখানে পাঠাব।
lost-reference-label = রেফারেন্স
lost-reference-hint = যেমন, ABCDE-FGHJK। মেসেজ পাঠানোর পরের পেজে এটি ছিল।
lost-contact-label = ইমেইল ঠিকানা বা মোবাইল নম্বর
lost-contact-hint = মেসেজ পাঠানোর সময় আপনি যেটি দিয়েছিলেন।
lost-submit = আমার লিংক পাঠান
lost-error-reference-missing = আপনার রেফারেন্স লিখুন
lost-error-reference-invalid = আপনাকে যেভাবে দেওয়া হয়েছিল সেভাবে রেফারেন্স লিখুন, যেমন ABCDE-FGHJK
lost-error-contact-missing = আপনি যে ইমেইল ঠিকানা বা মোবাইল নম্বর দিয়েছিলেন তা লিখুন
lost-error-contact-invalid = name@example.com এর মতো একটি ইমেইল ঠিকানা বা 07700 900123 এর মতো একটি যুক্তরাজ্যের মোবাইল নম্বর লিখুন
lost-sent-title = আপনার ইমেইল বা টেক্সট মেসেজ দেখুন
lost-sent-body = আপনার দেওয়া রেফারেন্স ও তথ্য কোনো মেসেজের সাথে মিলে গেলে, আমরা সেখানে তার ব্যক্তিগত লিংক পাঠিয়েছি। পৌঁছাতে কয়েক মিনিট লাগতে পারে।
lost-sent-nothing = কিছু না এলে, দেখুন মেসেজের সাথে দেওয়া ইমেইল ঠিকানা বা নম্বরটিই ব্যবহার করেছেন কি না। আমরা অন্য কোথাও লিংক পাঠাতে পারি না।
lost-sent-again = আবার চেষ্টা করুন

## Emails and texts about the link and the conversation
email-link-again-subject = আপনার ব্যক্তিগত লিংক – রেফারেন্স { $reference }
email-link-again-intro = আপনি আপনার মেসেজ { $reference }-এর ব্যক্তিগত লিংকটি আবার চেয়েছেন। এই যে লিংক:
email-link-again-not-you = আপনি এটি না চেয়ে থাকলে, আপনাকে কিছু করতে হবে না।
email-reply-track-link = আপনার ব্যক্তিগত লিংক ব্যবহার করে পুরো কথোপকথন পড়ুন, মেসেজে কিছু যোগ করুন বা মুছে ফেলুন:
email-resident-added-subject = বাসিন্দা তাঁর মেসেজে কিছু যোগ করেছেন – { $reference }
email-resident-added-intro = বাসিন্দা তাঁর ট্র্যাকিং পেজ থেকে মেসেজে কিছু যোগ করেছেন। অনুগ্রহ করে পোর্টালে পড়ুন।
text-confirmation = Have your say: ধন্যবাদ। আপনার রেফারেন্স { $reference }। উত্তর দেখুন বা আরও যোগ করুন: { $link }
text-tracking-link = Have your say: { $reference }-এর ব্যক্তিগত লিংক { $link } কাউকে দেবেন না।
text-reply = Have your say, { $reference }: { $reply } পুরোটা পড়ুন ও উত্তর দিন: { $link }
item-resident-added = বাসিন্দা এটি { $date } তারিখে যোগ করেছেন

## Photos
form-photos-label = ছবি (ঐচ্ছিক)
form-photos-hint = সর্বোচ্চ { $max }টি ছবি, JPEG বা PNG, প্রতিটি সর্বোচ্চ 10 MB। শুধু টিম এগুলো দেখতে পারবে। ক্যামেরা যে তথ্য যোগ করে, যেমন ছবিটি কোথায় তোলা হয়েছে, তা আমরা সরিয়ে ফেলি। আপনার ফর্মে কোনো ত্রুটি দেখালে, ছবিগুলো আবার বেছে নিন।
photo-error-too-big = ছবি { $number } 10 MB-এর চেয়ে বড়। একটি ছোট ছবি বেছে নিন।
photo-error-not-image = ছবি { $number } JPEG বা PNG ছবি নয়। একটি JPEG বা PNG ছবি বেছে নিন।
photo-error-too-many-pixels = ছবি { $number } খোলার জন্য খুব বড়। একটি ছোট ছবি বেছে নিন।
photo-error-unreadable = ছবি { $number } নষ্ট হয়ে গেছে এবং খোলা যাচ্ছে না। অন্য একটি ছবি বেছে নিন।
photo-error-too-many = আপনি সর্বোচ্চ { $number }টি ছবি যোগ করতে পারেন। কম ছবি বেছে নিন।
item-photos = বাসিন্দার পাঠানো ছবি
item-photo-alt = বাসিন্দার পাঠানো ছবি { $number }
item-photo-open = ছবি { $number } খুলুন ({ $width } × { $height })
