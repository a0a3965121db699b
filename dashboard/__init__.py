"""Regional indicators dashboard on trafficking in persons in the Middle East."""
