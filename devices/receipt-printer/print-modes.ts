/**
 * PrintModes: what an ESC/POS printer remembers between commands — alignment, emphasis and size,
 * line spacing, and the QR and barcode settings — as the simulator's printer keeps it.
 */
import type { Alignment, QrErrorLevel } from './escpos';
import type { EscPosOp } from './interpreter';

/** The commands that only change a mode. */
export type ModeOp = Extract<
  EscPosOp,
  {
    op:
      | 'align'
      | 'bold'
      | 'size'
      | 'printMode'
      | 'lineSpacing'
      | 'qrModuleSize'
      | 'qrErrorLevel'
      | 'qrStore'
      | 'barcodeHeight'
      | 'barcodeWidth';
  }
>;

export class PrintModes {
  align: Alignment = 'left';
  bold = false;
  width = 1;
  height = 1;
  lineSpacing: number;
  qrModuleSize = 3;
  qrLevel: QrErrorLevel = 'L';
  qrData: Uint8Array | undefined;
  barcodeHeight = 162;
  barcodeWidth = 3;

  constructor(private readonly defaultLineDots: number) {
    this.lineSpacing = defaultLineDots;
  }

  /** ESC @: back to the power-on modes (the QR symbol and barcode settings stay). */
  initialise(): void {
    this.align = 'left';
    this.bold = false;
    this.width = 1;
    this.height = 1;
    this.lineSpacing = this.defaultLineDots;
    this.qrData = undefined;
  }

  /** Applies `op` when it only changes a mode; false for every other command. */
  apply(op: EscPosOp): op is ModeOp {
    switch (op.op) {
      case 'align':
        this.align = op.align;
        return true;
      case 'bold':
        this.bold = op.on;
        return true;
      case 'size':
        this.width = op.width;
        this.height = op.height;
        return true;
      case 'printMode':
        this.bold = op.bold;
        this.width = op.doubleWidth ? 2 : 1;
        this.height = op.doubleHeight ? 2 : 1;
        return true;
      case 'lineSpacing':
        this.lineSpacing = op.dots === 'default' ? this.defaultLineDots : op.dots;
        return true;
      case 'qrModuleSize':
        this.qrModuleSize = op.size;
        return true;
      case 'qrErrorLevel':
        this.qrLevel = op.level;
        return true;
      case 'qrStore':
        this.qrData = op.data;
        return true;
      case 'barcodeHeight':
        this.barcodeHeight = op.dots;
        return true;
      case 'barcodeWidth':
        this.barcodeWidth = op.dots;
        return true;
      default:
        return false;
    }
  }
}
