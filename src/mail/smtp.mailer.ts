// Mailer over SMTP (nodemailer), for the server's own e-mail such as password resets.
import nodemailer from 'nodemailer';
import type { Mailer, MailMessage } from '../ports/mailer.js';

export class SmtpMailer implements Mailer {
  private readonly transport;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
  }

  close(): void {
    this.transport.close();
  }
}
