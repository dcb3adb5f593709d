/** The signed-out pages, one chunk (they link to each other). */
export { ForgotPasswordPage } from './forgot-password-page';
export { ResetPasswordPage } from './reset-password-page';
export { SignInPage } from './sign-in-page';
export { SignUpPage } from './sign-up-page';
export { SignedInPage } from './signed-in-page';
export { VerifyEmailPage } from './verify-email-page';
