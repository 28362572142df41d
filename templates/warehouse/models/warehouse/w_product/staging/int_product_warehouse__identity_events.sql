{{ config(materialized='view') }}
{#- What identity stitching reads: every delivery, identify calls included (self-contained mode), with the time it
    was loaded. Duplicates do not matter here: stitching takes the latest sighting, and a duplicate is the same
    sighting again. -#}
select session_key, user_id, event_ts, received_at, event_id, loaded_at
from {{ ref('int_product_warehouse__deliveries') }}
