-- Each region's monthly and cumulative downloads and its share of all tracked models' downloads.
{{ monthly_downloads_with_shares('region') }}
