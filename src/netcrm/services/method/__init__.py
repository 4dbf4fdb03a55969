"""The method's frameworks: the personal board, the network effect matrix, outreach drafts,
events, and the outreach figures the reports share."""
