metadata description = 'The app\'s user-assigned managed identity and every role assignment it (and optionally the deploying user and each lender) needs, each at the narrowest scope.'

@description('Required. Azure region of the identity.')
param location string

@description('Required. Tags applied to every resource.')
param tags object

@description('Required. Name of the user-assigned managed identity.')
@minLength(3)
@maxLength(128)
param identityName string

@description('Required. Name of the storage account the app uses.')
param storageAccountName string

@description('Required. Name of the Application Insights component the app publishes to.')
param appInsightsName string

@description('Required. Name of the Communication Services resource the app sends through.')
param communicationServiceName string

@description('Optional. Object id of the deploying user or pipeline; it gets the same data roles as the app. Empty to skip.')
param principalId string = ''

@description('Optional. Kind of principal principalId names.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Optional. Lenders allowed to upload files under their own prefix of schedules/ and payments/: [{ lenderId, principalId }].')
param lenderUploaders lenderUploader[] = []

@description('Required. Environment name; makes the custom lender role\'s name unique in the tenant.')
param environmentName string

@export()
@description('A lender\'s upload principal.')
type lenderUploader = {
  @description('Lender id as it appears in blob paths (schedules/{lenderId}/...).')
  @minLength(1)
  @maxLength(63)
  lenderId: string

  @description('Object id of the lender\'s service principal, group or user.')
  principalId: string

  @description('Optional. Kind of principal; defaults to ServicePrincipal.')
  principalType: ('User' | 'Group' | 'ServicePrincipal')?
}

// Built-in role definition ids (the same in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  // Lets an Entra principal use the ACS data plane (SMS send) of the resource it is assigned on.
  communicationAndEmailServiceOwner: '09976791-48a7-449e-bb21-39d1a415f350'
}

var storageDataRoles = [
  roles.storageBlobDataOwner
  roles.storageQueueDataContributor
  roles.storageTableDataContributor
]

// Lenders may only read and write blobs whose path starts with their own id, in schedules or payments.
var lenderBlobActions = [
  'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read'
  'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write'
  'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action'
]

var uploadContainers = [
  'schedules'
  'payments'
]

// The condition: any of the role's data actions must target <upload container>/<lenderId>/...
var lenderActionClause = join(map(lenderBlobActions, action => '!(ActionMatches{\'${action}\'})'), ' AND ')
var lenderContainerClause = join(
  map(uploadContainers, container => '@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name] StringEquals \'${container}\''),
  ' OR '
)

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: identityName
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource communication 'Microsoft.Communication/communicationServices@2025-09-01' existing = {
  name: communicationServiceName
}

resource appBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource appQueueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource appTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource appMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource appSmsSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(communication.id, identity.id, roles.communicationAndEmailServiceOwner)
  scope: communication
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.communicationAndEmailServiceOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource userStorageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in (empty(principalId) ? [] : storageDataRoles): {
    name: guid(storage.id, principalId, roleId)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
      principalId: principalId
      principalType: principalType
    }
  }
]

// A custom role with data actions only: unlike Storage Blob Data Contributor it cannot delete or
// reconfigure containers, and its condition confines it to the lender's own prefix.
resource lenderUploaderRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = if (!empty(lenderUploaders)) {
  name: guid(resourceGroup().id, 'dunning-lender-uploader')
  properties: {
    roleName: 'Dunning lender uploader (${environmentName}, ${resourceGroup().name})'
    description: 'Read, create and overwrite blobs in the schedules and payments containers, restricted per lender by a role assignment condition.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: lenderBlobActions
        notDataActions: []
      }
    ]
  }
}

resource lenderAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for lender in lenderUploaders: {
    name: guid(storage.id, lender.principalId, 'lender-uploader', lender.lenderId)
    scope: storage
    properties: {
      // Role definition ids are subscription-level paths, whatever scope defined the role.
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', lenderUploaderRole.name)
      principalId: lender.principalId
      principalType: lender.?principalType ?? 'ServicePrincipal'
      description: 'Lender ${lender.lenderId}: blobs under ${join(uploadContainers, '/ and ')}/ prefixed ${lender.lenderId}/ only.'
      conditionVersion: '2.0'
      condition: '((${lenderActionClause}) OR ((${lenderContainerClause}) AND @Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringStartsWith \'${lender.lenderId}/\'))'
    }
  }
]

@description('Resource id of the app identity.')
output identityId string = identity.id

@description('Client id of the app identity (used in app settings).')
output clientId string = identity.properties.clientId

@description('Principal (object) id of the app identity.')
output principalId string = identity.properties.principalId
