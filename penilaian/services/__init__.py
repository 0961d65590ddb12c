"""State changes of penilaian, one module per concern; import the function you need from its module."""
