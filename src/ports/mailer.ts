// The port for sending server e-mail (password resets). Absent when no SMTP server is configured.
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
