"""Samordna: the system of record for a Swedish samordningsförbund."""
