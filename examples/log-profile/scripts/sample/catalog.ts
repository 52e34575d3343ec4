import type { ExecutorName } from './types';

/** Operator class names that appear in the sample. */
export type OperatorName =
  | 'PythonOperator'
  | '_PythonDecoratedOperator'
  | 'BashOperator'
  | 'KubernetesPodOperator'
  | 'SparkSubmitOperator'
  | 'PostgresOperator'
  | 'S3ToRedshiftOperator'
  | 'DbtRunOperator'
  | 'DbtTestOperator'
  | 'HttpSensor'
  | 'ExternalTaskSensor'
  | 'S3KeySensor'
  | 'SnowflakeOperator'
  | 'BigQueryInsertJobOperator'
  | 'SimpleHttpOperator'
  | 'SQLCheckOperator'
  | 'DatabricksSubmitRunOperator';

/** Operators whose failures surface as a Python traceback through the user's callable. */
export const PYTHON_OPERATORS: readonly OperatorName[] = [
  'PythonOperator',
  '_PythonDecoratedOperator',
];

/** How often a DAG runs; decides the shape of `scheduled__…` run ids. */
export type ScheduleKind = 'half-hourly' | 'hourly' | 'daily' | 'weekly' | 'monthly';

/** What a DAG is for; scenarios use it to choose plausible progress output. */
export type PipelineKind = 'etl' | 'ml' | 'report';

/** A fictional DAG: its file, schedule and tasks with their operators. */
export interface DagSpec {
  dagId: string;
  /** Path of the DAG file below the DAGs folder. */
  file: string;
  schedule: ScheduleKind;
  kind: PipelineKind;
  tasks: ReadonlyArray<readonly [taskId: string, operator: OperatorName]>;
}

/** A fictional company whose Airflow deployment produced part of the sample. */
export interface Company {
  name: string;
  /** Short name used in DAG ids, buckets, hosts and Python package names. */
  slug: string;
  owners: readonly string[];
  alertEmail: string;
  bucket: string;
  awsRegion: string;
  /** Host name of the company's PostgreSQL or Redshift warehouse. */
  warehouseHost: string;
  warehouseDatabase: string;
  snowflakeAccount: string;
  gcpProject: string;
  kubernetesNamespace: string;
  imageRegistry: string;
  partnerApiHost: string;
  dbtProject: string;
  schemas: readonly string[];
  tables: readonly string[];
  columns: readonly string[];
  /** Airflow 2.x minor releases the company ran during 2024 (it upgraded along the way). */
  airflowMinors: readonly number[];
  executors: readonly ExecutorName[];
  /** Where the company's image installs Python packages and keeps its DAGs. */
  image: { sitePackages: 'airflow-user' | 'system' | 'venv'; dagsFolder: string };
  dags: readonly DagSpec[];
}

/** The fictional companies and pipelines the sample is drawn from. */
export const COMPANIES: readonly Company[] = [
  {
    name: 'Northwind Grocers',
    slug: 'nw',
    owners: ['data-eng', 'retail-analytics'],
    alertEmail: 'data-alerts@northwind-grocers.example',
    bucket: 'nw-datalake-prod',
    awsRegion: 'us-east-1',
    warehouseHost: 'nw-dwh.cluster-c8x2kq1v0abc.us-east-1.redshift.amazonaws.com',
    warehouseDatabase: 'analytics',
    snowflakeAccount: 'nwgrocers-prod',
    gcpProject: 'nw-marketing-prod',
    kubernetesNamespace: 'data-jobs',
    imageRegistry: '381492650117.dkr.ecr.us-east-1.amazonaws.com',
    partnerApiHost: 'api.pos-vendor.example',
    dbtProject: 'nw_analytics',
    schemas: ['staging', 'sales', 'inventory', 'marts'],
    tables: ['orders', 'order_lines', 'store_inventory', 'loyalty_members', 'supplier_invoices'],
    columns: ['order_id', 'store_id', 'sku', 'quantity', 'unit_price', 'member_id', 'sold_at'],
    airflowMinors: [7, 8],
    executors: ['CeleryExecutor'],
    image: { sitePackages: 'airflow-user', dagsFolder: '/opt/airflow/dags' },
    dags: [
      {
        dagId: 'nw_sales_daily_etl',
        file: 'sales/sales_daily_etl.py',
        schedule: 'daily',
        kind: 'etl',
        tasks: [
          ['wait_for_pos_export', 'S3KeySensor'],
          ['extract_orders', 'PythonOperator'],
          ['load_orders_to_redshift', 'S3ToRedshiftOperator'],
          ['transform_sales', 'DbtRunOperator'],
          ['test_sales_models', 'DbtTestOperator'],
          ['check_daily_revenue', 'SQLCheckOperator'],
          ['refresh_sales_mart', 'PostgresOperator'],
        ],
      },
      {
        dagId: 'nw_inventory_snapshot',
        file: 'inventory/inventory_snapshot.py',
        schedule: 'hourly',
        kind: 'etl',
        tasks: [
          ['fetch_store_inventory', '_PythonDecoratedOperator'],
          ['compact_inventory_parquet', 'SparkSubmitOperator'],
          ['publish_snapshot', 'BashOperator'],
          ['wait_for_sales_etl', 'ExternalTaskSensor'],
        ],
      },
      {
        dagId: 'nw_supplier_feeds_ingest',
        file: 'suppliers/supplier_feeds.py',
        schedule: 'daily',
        kind: 'etl',
        tasks: [
          ['check_supplier_api', 'HttpSensor'],
          ['download_supplier_invoices', 'SimpleHttpOperator'],
          ['parse_invoices', 'PythonOperator'],
          ['load_invoices_snowflake', 'SnowflakeOperator'],
          ['sync_sftp_drop', 'BashOperator'],
        ],
      },
      {
        dagId: 'nw_demand_forecast_weekly',
        file: 'ml/demand_forecast.py',
        schedule: 'weekly',
        kind: 'ml',
        tasks: [
          ['build_training_set', 'SparkSubmitOperator'],
          ['train_forecast_model', 'KubernetesPodOperator'],
          ['score_next_week', '_PythonDecoratedOperator'],
          ['wait_for_inventory_snapshot', 'ExternalTaskSensor'],
        ],
      },
    ],
  },
  {
    name: 'Helio Mobility',
    slug: 'hm',
    owners: ['ml-platform', 'marketplace-data'],
    alertEmail: 'ml-oncall@heliomobility.example',
    bucket: 'helio-ml-artifacts',
    awsRegion: 'eu-west-1',
    warehouseHost: 'pg-features.prod.helio.internal',
    warehouseDatabase: 'features',
    snowflakeAccount: 'helio-eu',
    gcpProject: 'helio-analytics-412',
    kubernetesNamespace: 'ml-training',
    imageRegistry: 'registry.helio.internal/ml',
    partnerApiHost: 'maps.geo-partner.example',
    dbtProject: 'helio_marketplace',
    schemas: ['features', 'raw_trips', 'marketplace'],
    tables: ['trips', 'driver_sessions', 'eta_predictions', 'surge_zones', 'payouts'],
    columns: ['trip_id', 'driver_id', 'pickup_zone', 'fare_cents', 'eta_seconds', 'requested_at'],
    airflowMinors: [9, 10],
    executors: ['KubernetesExecutor', 'CeleryExecutor'],
    image: { sitePackages: 'airflow-user', dagsFolder: '/opt/airflow/dags/repo/dags' },
    dags: [
      {
        dagId: 'hm_trip_features_hourly',
        file: 'features/trip_features.py',
        schedule: 'hourly',
        kind: 'etl',
        tasks: [
          ['wait_for_trip_events', 'S3KeySensor'],
          ['aggregate_trip_features', 'SparkSubmitOperator'],
          ['upsert_feature_table', 'PostgresOperator'],
          ['validate_features', '_PythonDecoratedOperator'],
        ],
      },
      {
        dagId: 'hm_eta_model_training',
        file: 'ml/eta_model_training.py',
        schedule: 'daily',
        kind: 'ml',
        tasks: [
          ['wait_for_trip_features', 'ExternalTaskSensor'],
          ['export_training_data', 'BigQueryInsertJobOperator'],
          ['train_eta_model', 'KubernetesPodOperator'],
          ['evaluate_eta_model', '_PythonDecoratedOperator'],
          ['register_model', 'PythonOperator'],
        ],
      },
      {
        dagId: 'hm_driver_payouts',
        file: 'finance/driver_payouts.py',
        schedule: 'daily',
        kind: 'report',
        tasks: [
          ['compute_payouts', 'DatabricksSubmitRunOperator'],
          ['check_payout_totals', 'SQLCheckOperator'],
          ['send_payout_file', 'BashOperator'],
          ['notify_finance_api', 'SimpleHttpOperator'],
        ],
      },
      {
        dagId: 'hm_surge_pricing_backfill',
        file: 'pricing/surge_backfill.py',
        schedule: 'daily',
        kind: 'ml',
        tasks: [
          ['backfill_surge_zones', 'SparkSubmitOperator'],
          ['recompute_multipliers', 'PythonOperator'],
          ['geo_partner_healthcheck', 'HttpSensor'],
        ],
      },
    ],
  },
  {
    name: 'Quillbank',
    slug: 'qb',
    owners: ['finance-data', 'risk-engineering'],
    alertEmail: 'dataops@quillbank.example',
    bucket: 'quillbank-ledger-exports',
    awsRegion: 'eu-central-1',
    warehouseHost: 'ledger-replica.db.quillbank.internal',
    warehouseDatabase: 'ledger',
    snowflakeAccount: 'quillbank.eu-central-1',
    gcpProject: 'quillbank-risk',
    kubernetesNamespace: 'risk-batch',
    imageRegistry: 'quillbank.azurecr.io',
    partnerApiHost: 'api.card-network.example',
    dbtProject: 'qb_finance',
    schemas: ['ledger', 'risk', 'reporting', 'staging'],
    tables: ['transactions', 'accounts', 'card_authorizations', 'fx_rates', 'chargebacks'],
    columns: ['transaction_id', 'account_id', 'amount', 'currency', 'merchant_mcc', 'booked_at'],
    airflowMinors: [6, 7, 8],
    executors: ['CeleryExecutor'],
    image: { sitePackages: 'system', dagsFolder: '/usr/local/airflow/dags' },
    dags: [
      {
        dagId: 'qb_ledger_reconciliation',
        file: 'finance/ledger_reconciliation.py',
        schedule: 'daily',
        kind: 'report',
        tasks: [
          ['wait_for_core_banking_export', 'ExternalTaskSensor'],
          ['extract_ledger_entries', 'PostgresOperator'],
          ['reconcile_balances', 'PythonOperator'],
          ['check_unmatched_entries', 'SQLCheckOperator'],
          ['publish_recon_report', 'SnowflakeOperator'],
        ],
      },
      {
        dagId: 'qb_card_transactions_ingest',
        file: 'ingest/card_transactions.py',
        schedule: 'half-hourly',
        kind: 'etl',
        tasks: [
          ['poll_card_network', 'HttpSensor'],
          ['fetch_authorizations', '_PythonDecoratedOperator'],
          ['load_transactions', 'SnowflakeOperator'],
          ['archive_raw_files', 'BashOperator'],
        ],
      },
      {
        dagId: 'qb_fraud_scoring_batch',
        file: 'risk/fraud_scoring.py',
        schedule: 'hourly',
        kind: 'ml',
        tasks: [
          ['build_scoring_features', 'DatabricksSubmitRunOperator'],
          ['score_transactions', 'KubernetesPodOperator'],
          ['write_alerts', 'PythonOperator'],
        ],
      },
      {
        dagId: 'qb_regulatory_reports_monthly',
        file: 'reporting/regulatory_monthly.py',
        schedule: 'monthly',
        kind: 'report',
        tasks: [
          ['run_finance_models', 'DbtRunOperator'],
          ['test_finance_models', 'DbtTestOperator'],
          ['render_capital_report', 'PythonOperator'],
          ['upload_to_regulator_portal', 'SimpleHttpOperator'],
        ],
      },
    ],
  },
  {
    name: 'Brightleaf Health',
    slug: 'bl',
    owners: ['clinical-data', 'analytics-eng'],
    alertEmail: 'analytics-alerts@brightleaf-health.example',
    bucket: 'brightleaf-claims-landing',
    awsRegion: 'us-west-2',
    warehouseHost: 'bl-redshift.c1v9zq4h2xyz.us-west-2.redshift.amazonaws.com',
    warehouseDatabase: 'clinical',
    snowflakeAccount: 'brightleaf-hipaa',
    gcpProject: 'bl-population-health',
    kubernetesNamespace: 'airflow-jobs',
    imageRegistry: '902335417760.dkr.ecr.us-west-2.amazonaws.com',
    partnerApiHost: 'edi.clearinghouse.example',
    dbtProject: 'bl_cohorts',
    schemas: ['claims', 'cohorts', 'staging', 'reference'],
    tables: ['claims_header', 'claims_lines', 'members', 'providers', 'encounters'],
    columns: ['claim_id', 'member_id', 'npi', 'icd10_code', 'paid_amount', 'service_date'],
    airflowMinors: [8, 9],
    executors: ['LocalExecutor', 'CeleryExecutor'],
    image: { sitePackages: 'venv', dagsFolder: '/opt/airflow/dags' },
    dags: [
      {
        dagId: 'bl_claims_ingest',
        file: 'claims/claims_ingest.py',
        schedule: 'daily',
        kind: 'etl',
        tasks: [
          ['wait_for_clearinghouse_drop', 'S3KeySensor'],
          ['parse_837_files', 'PythonOperator'],
          ['copy_claims_to_redshift', 'S3ToRedshiftOperator'],
          ['dedupe_claims', 'PostgresOperator'],
          ['check_claim_counts', 'SQLCheckOperator'],
        ],
      },
      {
        dagId: 'bl_patient_cohorts_dbt',
        file: 'cohorts/patient_cohorts.py',
        schedule: 'daily',
        kind: 'report',
        tasks: [
          ['wait_for_claims_ingest', 'ExternalTaskSensor'],
          ['dbt_run_cohorts', 'DbtRunOperator'],
          ['dbt_test_cohorts', 'DbtTestOperator'],
          ['export_cohort_extract', 'BigQueryInsertJobOperator'],
        ],
      },
      {
        dagId: 'bl_readmission_model_retrain',
        file: 'ml/readmission_retrain.py',
        schedule: 'weekly',
        kind: 'ml',
        tasks: [
          ['materialize_features', 'BigQueryInsertJobOperator'],
          ['train_readmission_model', 'KubernetesPodOperator'],
          ['validate_model_metrics', '_PythonDecoratedOperator'],
          ['push_model_card', 'BashOperator'],
        ],
      },
    ],
  },
  {
    name: 'Orbitcast Media',
    slug: 'oc',
    owners: ['content-data', 'recsys'],
    alertEmail: 'recsys-oncall@orbitcast.example',
    bucket: 'orbitcast-events-raw',
    awsRegion: 'us-east-2',
    warehouseHost: 'reporting-db.orbitcast.internal',
    warehouseDatabase: 'reporting',
    snowflakeAccount: 'orbitcast',
    gcpProject: 'orbitcast-bi',
    kubernetesNamespace: 'recsys',
    imageRegistry: 'us-docker.pkg.dev/orbitcast-bi/jobs',
    partnerApiHost: 'reporting.ad-exchange.example',
    dbtProject: 'orbitcast_bi',
    schemas: ['events', 'bi', 'recsys'],
    tables: ['playback_events', 'sessions', 'ad_impressions', 'titles', 'user_embeddings'],
    columns: ['event_id', 'user_id', 'title_id', 'watch_seconds', 'device_type', 'event_ts'],
    airflowMinors: [9, 10],
    executors: ['KubernetesExecutor'],
    image: { sitePackages: 'airflow-user', dagsFolder: '/opt/airflow/dags' },
    dags: [
      {
        dagId: 'oc_playback_events_hourly',
        file: 'events/playback_hourly.py',
        schedule: 'hourly',
        kind: 'etl',
        tasks: [
          ['wait_for_kinesis_batch', 'S3KeySensor'],
          ['sessionize_events', 'SparkSubmitOperator'],
          ['load_sessions_bq', 'BigQueryInsertJobOperator'],
          ['check_session_volume', 'SQLCheckOperator'],
        ],
      },
      {
        dagId: 'oc_recommendations_train',
        file: 'recsys/recommendations_train.py',
        schedule: 'daily',
        kind: 'ml',
        tasks: [
          ['wait_for_playback_events', 'ExternalTaskSensor'],
          ['build_interactions', 'DatabricksSubmitRunOperator'],
          ['train_two_tower', 'KubernetesPodOperator'],
          ['export_embeddings', '_PythonDecoratedOperator'],
          ['warm_feature_cache', 'BashOperator'],
        ],
      },
      {
        dagId: 'oc_ad_revenue_report',
        file: 'reporting/ad_revenue.py',
        schedule: 'daily',
        kind: 'report',
        tasks: [
          ['wait_for_exchange_report', 'HttpSensor'],
          ['fetch_ad_revenue', 'SimpleHttpOperator'],
          ['build_revenue_tables', 'DbtRunOperator'],
          ['email_revenue_summary', 'PythonOperator'],
        ],
      },
      {
        dagId: 'oc_content_catalog_sync',
        file: 'catalog/content_catalog_sync.py',
        schedule: 'half-hourly',
        kind: 'etl',
        tasks: [
          ['pull_catalog_changes', '_PythonDecoratedOperator'],
          ['merge_titles', 'SnowflakeOperator'],
          ['refresh_search_index', 'BashOperator'],
        ],
      },
    ],
  },
  {
    name: 'Tidewater Logistics',
    slug: 'tw',
    owners: ['logistics-data', 'ops-analytics'],
    alertEmail: 'data-platform@tidewater-logistics.example',
    bucket: 'tw-shipments-lake',
    awsRegion: 'ap-southeast-2',
    warehouseHost: 'tw-warehouse.cdz81kq0m2pd.ap-southeast-2.rds.amazonaws.com',
    warehouseDatabase: 'ops',
    snowflakeAccount: 'tidewater-apac',
    gcpProject: 'tw-route-science',
    kubernetesNamespace: 'batch',
    imageRegistry: '550713392284.dkr.ecr.ap-southeast-2.amazonaws.com',
    partnerApiHost: 'tracking.carrier-hub.example',
    dbtProject: 'tw_ops',
    schemas: ['ops', 'tracking', 'kpi', 'staging'],
    tables: ['shipments', 'tracking_events', 'routes', 'depots', 'delivery_slas'],
    columns: ['shipment_id', 'carrier_code', 'depot_id', 'route_id', 'eta', 'scanned_at'],
    airflowMinors: [6, 10],
    executors: ['LocalExecutor'],
    image: { sitePackages: 'system', dagsFolder: '/srv/airflow/dags' },
    dags: [
      {
        dagId: 'tw_shipment_tracking_ingest',
        file: 'tracking/shipment_tracking.py',
        schedule: 'half-hourly',
        kind: 'etl',
        tasks: [
          ['carrier_api_available', 'HttpSensor'],
          ['fetch_tracking_events', 'PythonOperator'],
          ['stage_events', 'PostgresOperator'],
          ['merge_tracking_events', 'SnowflakeOperator'],
        ],
      },
      {
        dagId: 'tw_route_optimizer',
        file: 'routing/route_optimizer.py',
        schedule: 'daily',
        kind: 'ml',
        tasks: [
          ['wait_for_tracking_ingest', 'ExternalTaskSensor'],
          ['solve_routes', 'KubernetesPodOperator'],
          ['simulate_routes', 'SparkSubmitOperator'],
          ['publish_routes', '_PythonDecoratedOperator'],
        ],
      },
      {
        dagId: 'tw_warehouse_kpis_daily',
        file: 'kpi/warehouse_kpis.py',
        schedule: 'daily',
        kind: 'report',
        tasks: [
          ['build_kpi_models', 'DbtRunOperator'],
          ['test_kpi_models', 'DbtTestOperator'],
          ['check_sla_breaches', 'SQLCheckOperator'],
          ['export_kpis_to_bq', 'BigQueryInsertJobOperator'],
          ['render_depot_dashboard', 'BashOperator'],
          ['wait_for_depot_files', 'S3KeySensor'],
          ['compute_depot_kpis', 'DatabricksSubmitRunOperator'],
        ],
      },
    ],
  },
];
