metadata description = 'The storage account the app and the Functions host share: Entra-only access, containers, queues, tables and a lifecycle rule for result files.'

@description('Required. Azure region of the account.')
param location string

@description('Required. Tags applied to every resource.')
param tags object

@description('Required. Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Optional. Replication SKU of the account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string = 'Standard_LRS'

@description('Required. Name of the blob container that holds the Flex Consumption deployment package.')
@minLength(3)
@maxLength(63)
param deploymentContainerName string

@description('Required. Name of the blob container where Event Grid dead-letters undeliverable events.')
@minLength(3)
@maxLength(63)
param deadLetterContainerName string

@description('Optional. Days after its last modification that an ingest result file under schedules-results/ is deleted.')
@minValue(1)
@maxValue(3650)
param resultRetentionDays int = 90

@description('Optional. Days after which dead-lettered Event Grid events are deleted.')
@minValue(1)
@maxValue(3650)
param deadLetterRetentionDays int = 30

@description('Optional. Days a deleted blob stays recoverable.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int = 7

// Names are the contract with the app (see docs/DESIGN.md): keep them in step with Core's constants.
var appContainers = [
  'schedules'
  'schedules-results'
  'payments'
  'config'
]

var queues = [
  'reminder-jobs'
  'reminder-jobs-poison'
  'sms-outbox'
  'sms-outbox-poison'
]

var tables = [
  'Installments'
  'InstallmentIndex'
  'Borrowers'
  'Lenders'
  'Sends'
  'SendsByMessageId'
  'ContactLog'
  'Events'
  'FollowUps'
  'SenderThroughput'
]

var containers = concat(appContainers, [deploymentContainerName, deadLetterContainerName])

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      services: {
        blob: {
          enabled: true
        }
        file: {
          enabled: true
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: blobSoftDeleteDays
    }
  }
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for name in containers: {
    parent: blobService
    name: name
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource storageQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [
  for name in queues: {
    parent: queueService
    name: name
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource storageTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for name in tables: {
    parent: tableService
    name: name
  }
]

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-old-ingest-results'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                'schedules-results/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: resultRetentionDays
                }
              }
            }
          }
        }
        {
          name: 'delete-old-dead-letters'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${deadLetterContainerName}/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: deadLetterRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  // The prefixes name containers; create them first so the rule never points at nothing.
  dependsOn: [
    blobContainers
  ]
}

@description('Resource name of the storage account.')
output storageAccountName string = storage.name

@description('Resource id of the storage account.')
output storageAccountId string = storage.id

@description('Blob service endpoint, e.g. https://<account>.blob.<suffix>/.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Queue service endpoint.')
output queueEndpoint string = storage.properties.primaryEndpoints.queue

@description('Table service endpoint.')
output tableEndpoint string = storage.properties.primaryEndpoints.table

@description('Names of the queues created, poison twins included.')
output queueNames array = [for (name, i) in queues: storageQueues[i].name]

@description('Names of the tables created.')
output tableNames array = [for (name, i) in tables: storageTables[i].name]
