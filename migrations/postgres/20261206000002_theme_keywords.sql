-- Words and phrases that suggest each theme from a message, in English and Bengali, kept
-- beside the theme and edited on /admin/themes. Staff see the suggestions on the item page
-- and accept one with a click, or ignore them.
ALTER TABLE themes ADD COLUMN keywords TEXT NOT NULL DEFAULT '';

UPDATE themes SET keywords = 'damp, mould, mold, condensation, স্যাঁতসেঁতে, ছত্রাক' WHERE name = 'damp and mould';
UPDATE themes SET keywords = 'repair, repairs, broken, leak, leaking, boiler, মেরামত' WHERE name = 'housing repairs';
UPDATE themes SET keywords = 'overcrowded, overcrowding, too small, share a room, ভিড়' WHERE name = 'overcrowding';
UPDATE themes SET keywords = 'rent arrears, behind with the rent, behind on rent, eviction, evicted, বকেয়া ভাড়া' WHERE name = 'rent arrears';
UPDATE themes SET keywords = 'cost of living, bills, energy bill, afford, খরচ' WHERE name = 'cost of living';
UPDATE themes SET keywords = 'food bank, food, hungry, meals, খাবার' WHERE name = 'food';
UPDATE themes SET keywords = 'universal credit, benefits, benefit, pip, বেনিফিট' WHERE name = 'benefits advice';
UPDATE themes SET keywords = 'lonely, loneliness, alone, isolated, no one to talk to, একা, একাকী' WHERE name = 'loneliness';
UPDATE themes SET keywords = 'coffee morning, coffee mornings, কফি' WHERE name = 'coffee mornings';
UPDATE themes SET keywords = 'carer, carers, caring for, কেয়ারার' WHERE name = 'carers support';
UPDATE themes SET keywords = 'anxiety, anxious, depression, depressed, mental health, stress, মানসিক' WHERE name = 'mental health support';
UPDATE themes SET keywords = 'exercise, walking, gym, swimming, ব্যায়াম, হাঁটা' WHERE name = 'physical activity';
UPDATE themes SET keywords = 'appointment, appointments, gp, doctor, অ্যাপয়েন্টমেন্ট, ডাক্তার' WHERE name = 'gp appointments';
UPDATE themes SET keywords = 'waiting list, waited, waiting, অপেক্ষা' WHERE name = 'waiting times';
UPDATE themes SET keywords = 'interpreter, translator, translation, দোভাষী' WHERE name = 'interpreters';
UPDATE themes SET keywords = 'online, internet, computer, smartphone, ইন্টারনেট' WHERE name = 'digital access';
UPDATE themes SET keywords = 'bus, buses, transport, travel, taxi, বাস, যাতায়াত' WHERE name = 'transport';
UPDATE themes SET keywords = 'english class, english classes, esol, ইংরেজি' WHERE name = 'english classes';
