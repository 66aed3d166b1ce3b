// The desk's serial number format, shared by the form (in the browser) and the server action.
import { z } from "zod";
import { lineOfText } from "@/lib/input";

/** A serial as the desk writes it and sends it to the ERP: `SN-`, four digits, `-`, one letter. */
export const SERIAL_NUMBER_PATTERN = /^SN-\d{4}-[A-Z]$/;

/** An example of the format, for hints and messages. */
export const SERIAL_NUMBER_EXAMPLE = "SN-1001-A";

/** What the form says under the field. */
export const SERIAL_NUMBER_HINT = `Format ${SERIAL_NUMBER_EXAMPLE}: SN, four digits and one letter. Upper or lower case; the dashes may be spaces or left out.`;

/** Completes the field's name ("serial must look like …"), as every input message does. */
export const SERIAL_NUMBER_FORMAT_MESSAGE = `must look like ${SERIAL_NUMBER_EXAMPLE}: SN, four digits and one letter`;

// What an agent may type for one serial, as read out over the phone: any case, and a dash, a
// space or nothing between the three parts ("sn 1001 a", "SN1001A").
const TYPED_SERIAL = /^SN[- ]?(\d{4})[- ]?([A-Z])$/;

/**
 * The serial in the desk's form (`SN-1001-A`) for what an agent typed, or null when it is not a
 * serial number. Surrounding spaces and case do not matter.
 */
export function normaliseSerialNumber(typed: string): string | null {
  const match = TYPED_SERIAL.exec(typed.trim().toUpperCase());
  return match ? `SN-${match[1]}-${match[2]}` : null;
}

/**
 * The serial number field of an input schema: one line of text, then normalised to `SN-1001-A`;
 * anything else is refused with a message that shows the format.
 */
export function serialNumber() {
  return lineOfText()
    .min(1, "is required")
    .max(40, "is too long (a serial number has 9 characters)")
    .transform((typed, context) => {
      const serial = normaliseSerialNumber(typed);
      if (serial !== null) return serial;
      context.addIssue({ code: "custom", message: SERIAL_NUMBER_FORMAT_MESSAGE });
      return z.NEVER;
    });
}
