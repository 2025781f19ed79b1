"""Vietnamese text: syllables, tone styles, Telex/VNI residue, legacy fonts (TCVN3, VNI) and mis-read UTF-8, folding
and slugs."""
