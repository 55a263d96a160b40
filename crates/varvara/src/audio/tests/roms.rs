//! Test ROMs in uxntal (`roms/tests/audio/`) running on the CPU with the audio devices.

use super::RomRig;

#[test]
fn level_log_reads_the_level_and_position_ports_from_a_rom() {
    let mut rom = RomRig::boot("level_log.tal");
    let mut ends = Vec::new();
    for _ in 0..12 {
        ends.push(rom.run(512));
        rom.tick();
    }
    // The envelope (adsr 2000) ends the note after 5880 frames; its vector is 0000.
    assert_eq!(ends.concat(), [0]);
    assert_eq!(ends[11], [0]);
    assert_eq!(rom.ram(0x0000, 1), [12]);
    // The reference's measured attack, then silence once the note has ended.
    assert_eq!(
        rom.ram(0x0001, 12),
        [
            0x02, 0x03, 0x05, 0x06, 0x07, 0x09, 0x0a, 0x0c, 0x0d, 0x0e, 0x0f, 0x00
        ]
    );
    // Note 60 steps a 16-byte cycle 65 536 / 690 176 bytes per frame; DEI2 stores both bytes.
    let positions = rom.ram(0x0011, 24).to_vec();
    for tick in 0..11 {
        let frames = 512 * (tick as u64 + 1);
        let expected = (frames * 0x10000 / 690_176 % 16) as u16;
        let got = u16::from_be_bytes([positions[2 * tick], positions[2 * tick + 1]]);
        assert_eq!(got, expected, "tick {tick}");
    }
}

#[test]
fn sequence_chains_notes_through_the_channel_vector() {
    let mut rom = RomRig::boot("sequence.tal");
    let per_block: Vec<Vec<usize>> = (0..7).map(|_| rom.run(512)).collect();
    // 501 frames, then 251, 1002 and 501, each started in the block after the last end.
    assert_eq!(
        per_block,
        [vec![1], vec![1], vec![], vec![1], vec![1], vec![], vec![]]
    );
    assert_eq!(rom.ram(0x0000, 2), [4, 4], "four notes played, four ends");
    assert_eq!(
        rom.ram(0x0002, 8),
        [0x01, 0xf5, 0x01, 0xf6, 0x01, 0xf5, 0x01, 0xf5]
    );
    assert!(!rom.rig.audio.active());
}
