# DP203 sample: database parameter groups; the Aurora MySQL one lets clients connect without TLS
# (require_secure_transport OFF), the others require TLS.
resource "aws_db_parameter_group" "orders" {
  name   = "orders"
  family = "postgres14"

  parameter {
    name  = "log_connections"
    value = "1"
  }

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

resource "aws_rds_cluster_parameter_group" "inventory" {
  name   = "inventory"
  family = "aurora-mysql8.0"

  parameter {
    name  = "require_secure_transport"
    value = "OFF"
  }
}

resource "aws_docdb_cluster_parameter_group" "catalog" {
  name   = "catalog"
  family = "docdb5.0"

  parameter {
    name  = "tls"
    value = "tls1.2+"
  }
}

resource "aws_redshift_parameter_group" "warehouse" {
  name   = "warehouse"
  family = "redshift-1.0"

  parameter {
    name  = "require_ssl"
    value = "true"
  }
}
