"""New booklets and Word import: asking the author, reading .docx safely, detecting the resolution, writing front
matter, placing the file."""
