// The slice of the `qrcode` package (MIT, no bundled types) that virtual MFA devices use.
declare module 'qrcode' {
  interface ToBufferOptions {
    type?: 'png';
    errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
    margin?: number;
    scale?: number;
  }
  const QRCode: { toBuffer(text: string, options?: ToBufferOptions): Promise<Buffer> };
  export default QRCode;
}
