package dev.fabric.agent.libvirt;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A 75-byte Multiboot (v1) kernel that writes {@link #MARKER} to the first serial port and halts.
 * QEMU boots it directly ({@code <kernel>}), so the virt-type probe needs no disk, no image and no
 * download. Seeing the marker proves the accelerator executed guest instructions - which is exactly
 * what a hanging KVM (100% CPU, no output) does not do. Uses the a.out kludge (flag 16) so no ELF
 * headers are needed: loaded at 1 MiB, entered in 32-bit protected mode at offset 0x20.
 */
public final class ProbeKernel {
    public static final String MARKER = "FABRIC-VIRT-PROBE-OK";
    private static final int MAGIC = 0x1BADB002;
    private static final int FLAGS = 0x00010000;
    private static final int BASE = 0x100000;
    private static final int ENTRY = 0x20;
    private static final int MESSAGE = 0x35;

    private ProbeKernel() {
    }

    public static byte[] image() {
        byte[] message = (MARKER + "\n\0").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(MESSAGE + message.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(FLAGS).putInt(-(MAGIC + FLAGS)); // header, checksum makes the sum 0
        b.putInt(BASE).putInt(BASE).putInt(0).putInt(0).putInt(BASE + ENTRY); // header, load, load_end (all), bss_end, entry
        b.put(new byte[] {
                (byte) 0xBA, (byte) 0xF8, 0x03, 0x00, 0x00,  // mov edx, 0x3f8 (COM1)
                (byte) 0xBE});                                  // mov esi, message
        b.putInt(BASE + MESSAGE);
        b.put(new byte[] {
                (byte) 0xAC,                                    // next: lodsb
                (byte) 0x84, (byte) 0xC0,                       // test al, al
                0x74, 0x03,                                     // jz halt
                (byte) 0xEE,                                    // out dx, al
                (byte) 0xEB, (byte) 0xF8,                       // jmp next
                (byte) 0xF4,                                    // halt: hlt
                (byte) 0xEB, (byte) 0xFD});                     // jmp halt
        if (b.position() != MESSAGE) {
            throw new IllegalStateException("probe kernel layout is off: message at " + b.position());
        }
        b.put(message);
        return b.array();
    }
}
