-- Each family's and region's share of new derivatives beside its share of downloads, month by month, so a user
-- sees whether building on a family leads or lags using it.
with derivative_shares as (
    select 'family' as dimension, root_family as member, month, new_derivatives, share_of_new_derivatives
    from {{ ref('new_derivatives_by_family_monthly') }}
    union all
    select 'region' as dimension, root_region as member, month, new_derivatives, share_of_new_derivatives
    from {{ ref('new_derivatives_by_region_monthly') }}
),

download_shares as (
    select 'family' as dimension, family as member, month, downloads, share_of_downloads
    from {{ ref('downloads_by_family_monthly') }}
    union all
    select 'region' as dimension, region as member, month, downloads, share_of_downloads
    from {{ ref('downloads_by_region_monthly') }}
),

final as (
    select
        coalesce(derivative_shares.dimension, download_shares.dimension) as dimension,
        coalesce(derivative_shares.member, download_shares.member) as member,
        coalesce(derivative_shares.month, download_shares.month) as month,
        coalesce(derivative_shares.new_derivatives, 0) as new_derivatives,
        derivative_shares.share_of_new_derivatives,
        download_shares.downloads,
        download_shares.share_of_downloads,
        derivative_shares.share_of_new_derivatives - download_shares.share_of_downloads as share_gap
    from derivative_shares
    full outer join download_shares
        on derivative_shares.dimension = download_shares.dimension
        and derivative_shares.member = download_shares.member
        and derivative_shares.month = download_shares.month
)

select * from final
