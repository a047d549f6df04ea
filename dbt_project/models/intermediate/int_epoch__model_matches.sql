-- Each tracked model with the Epoch AI row that describes it: a hand-kept alias first, then the row whose name
-- reads the same as the repo name in letters and digits, then the row whose name reads the same once the repo's
-- "-Instruct", "-it" or "-Chat" is dropped (Epoch lists a family's base model). Of several rows at the same
-- closeness, the most recently published.
with epoch as (
    select * from {{ ref('stg_epoch__models') }}
),

tracked as (
    select model_id, {{ name_key('model_name') }} as name_key
    from {{ ref('int_tracked_models') }}
),

candidates as (
    select aliases.hub_model_id as model_id, epoch.*, 0 as closeness, 'alias' as match_method
    from epoch
    inner join {{ ref('benchmark_model_aliases') }} as aliases
        on aliases.source = 'epoch'
        and aliases.source_model = epoch.epoch_model
    union all
    select tracked.model_id, epoch.*, 1, 'name'
    from epoch
    inner join tracked
        on tracked.name_key = epoch.name_key
    union all
    select tracked.model_id, epoch.*, 2, 'base name'
    from epoch
    inner join tracked
        on tracked.name_key in (epoch.name_key || 'instruct', epoch.name_key || 'it', epoch.name_key || 'chat')
),

final as (
    select * exclude (closeness)
    from candidates
    qualify row_number() over (
        partition by model_id order by closeness, publication_date desc nulls last, source_row
    ) = 1
)

select * from final
