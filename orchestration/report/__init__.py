"""The report asset: the paper's figures drawn from the published marts."""
