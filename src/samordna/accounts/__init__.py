"""Users, their memberships (förbund, organisation, role), login and personal API tokens."""
