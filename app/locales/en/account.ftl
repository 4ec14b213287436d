# Staff: your account, two-factor sign-in, recovery codes.
account-title = Your account
account-saved-password = Your password is changed. You are signed out everywhere else.
account-saved-sessions = You are signed out everywhere else.
account-current-wrong = Your current password is not right
account-2fa-heading = Two-factor sign-in
account-2fa-on = On since { $since }. You have { $left } unused recovery codes.
account-2fa-new-codes = Make new recovery codes
account-2fa-replace = Set up a new authenticator app
account-2fa-off = Off. Turn it on so that your password alone is not enough to sign in as you.
account-2fa-off-required = Off. Your role must use it: set it up now.
account-2fa-set-up = Set up two-factor sign-in
account-password-heading = Change your password
account-password-hint = At least 12 characters. Three or four random words are easy to remember and hard to guess. Changing it signs you out everywhere else.
account-current-password = Current password
account-password-button = Change password
account-sessions-heading = Where you are signed in
account-session-signed-in = Signed in
account-session-last-seen = Last active
account-session-this = This browser
account-sessions-end = Sign out everywhere else

twofa-title = Set up two-factor sign-in
twofa-required = Your role must sign in with a code as well as a password. Set it up to carry on.
twofa-replacing = Two-factor sign-in is on. Setting up a new app here replaces the old one once you type a code from the new one; until then the old one still works.
twofa-step-app = Install an authenticator app on your phone, such as Microsoft Authenticator or Google Authenticator.
twofa-step-scan = In the app, add an account and scan this QR code:
twofa-qr-label = QR code for your authenticator app
twofa-step-type = Or type this key into the app instead:
twofa-secret-hint = Choose a time-based account if the app asks. Spaces do not matter.
twofa-step-code = Type the 6-digit code the app now shows.
twofa-code-hint = The 6 digits from your authenticator app. A new code appears every 30 seconds.
twofa-button = Turn on two-factor sign-in
twofa-on = Two-factor sign-in is on.

recovery-title = Your recovery codes
recovery-lead = If you lose your phone, each of these codes signs you in once instead of a code from the app. Keep them somewhere safe, such as a password manager or on paper locked away. This is the only time they are shown.
recovery-hint = Making new recovery codes from your account page stops these from working.
recovery-continue = I have saved my codes

code-title = Enter your code
code-label = Code
code-hint = The 6-digit code from your authenticator app, or one of your recovery codes.
code-start-again = Start again
code-wrong = The code is not right, or has been used already. Wait for the next code and try again.
code-locked = Too many wrong codes. Wait 15 minutes and sign in again.
code-expired = Signing in took too long. Sign in again.

setpw-easy = This password is too easy to guess: it is a common or leaked password, or close to one, or built from your name or email address. Try three or four random words.
admin-2fa-column = Two-factor
admin-2fa-reset = Reset two-factor
email-2fa-reset-subject = Your two-factor sign-in was reset
email-2fa-reset-body = An admin has reset two-factor sign-in on your Have your say account, and you have been signed out. The next time you sign in you will be asked to set it up again. If you did not ask for this, tell the digital team at once.
